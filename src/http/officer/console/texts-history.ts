// The console's history sentences, Swedish first and English beside each: {who} is the officer (or
// system) that did it (texts.ts joins the catalogue).

export const HISTORY_WORDS = {
  h_applicant_registered: [
    '{who} registrerade sökanden med ärendenummer {dossierNumber}.',
    '{who} registered the applicant, case number {dossierNumber}.',
  ],
  h_photo_recorded: ['{who} sparade ett foto.', '{who} saved a photo.'],
  h_fingerprints_recorded: [
    '{who} registrerade att fingeravtrycken är tagna.',
    '{who} recorded the fingerprints as taken.',
  ],
  h_card_ordered: ['{who} beställde kort {number}.', '{who} ordered card {number}.'],
  h_card_reordered: ['{who} beställde ett nytt kort, {number}.', '{who} ordered a new card, {number}.'],
  h_card_produced: [
    '{who} markerade kort {card} som tillverkat; brevet "Kortet är klart" skapades.',
    '{who} marked card {card} as produced; the "card ready" letter was made.',
  ],
  h_card_handed_over: [
    '{who} lämnade ut kort {card}; kortet gäller till {validUntil}.',
    '{who} handed over card {card}; the card is valid until {validUntil}.',
  ],
  h_card_cancelled: ['{who} spärrade kort {card} ({reason}).', '{who} cancelled card {card} ({reason}).'],
  h_card_reported_by_holder: [
    'Innehavaren anmälde kort {card} ({reason}); kortet är stoppat tills en handläggare bekräftar eller häver.',
    'The holder reported card {card} ({reason}); the card is stopped until an officer confirms or lifts it.',
  ],
  h_card_report_confirmed: [
    '{who} bekräftade innehavarens anmälan av kort {card}.',
    "{who} confirmed the holder's report of card {card}.",
  ],
  h_card_report_lifted: [
    '{who} hävde innehavarens anmälan av kort {card}; kortet är inte längre stoppat.',
    "{who} lifted the holder's report of card {card}; the card is no longer stopped.",
  ],
  h_holder_code_issued: [
    '{who} skrev ut en ny personlig kod för kort {card}; den förra gäller inte längre.',
    '{who} printed a new personal code for card {card}; the previous one no longer works.',
  ],
  h_visit_extended: [
    '{who} registrerade ett besök; kortet gäller till {validUntil}.',
    '{who} registered a visit; the card is valid until {validUntil}.',
  ],
  h_visit_unchanged: [
    '{who} registrerade ett besök; kortet gäller fortfarande till {validUntil}.',
    '{who} registered a visit; the card is still valid until {validUntil}.',
  ],
  h_visit_no_card: [
    '{who} registrerade ett besök; det fanns inget aktivt kort att förlänga.',
    '{who} registered a visit; there was no active card to extend.',
  ],
  h_decision_registered: [
    '{who} registrerade beslutet "{type}" från {effectiveDate}.',
    '{who} registered the decision "{type}" from {effectiveDate}.',
  ],
  h_decision_revoked: ['{who} återkallade beslutet "{type}".', '{who} revoked the decision "{type}".'],
  h_at_und_granted: [
    '{who} beviljade AT-UND från {effectiveDate}.',
    '{who} granted AT-UND from {effectiveDate}.',
  ],
  h_at_und_revoked: [
    '{who} återkallade AT-UND från {effectiveDate}.',
    '{who} revoked AT-UND from {effectiveDate}.',
  ],
  h_letter_printed: [
    '{who} markerade brevet "{kind}" som utskrivet.',
    '{who} marked the "{kind}" letter printed.',
  ],
  h_letter_withdrawn: [
    '{who} återkallade brevet "{kind}": kortet lämnades ut eller spärrades innan brevet skrevs ut, så det skickas inte.',
    '{who} withdrew the "{kind}" letter: the card was handed over or cancelled before it was printed, so it is not sent.',
  ],
  h_letter_sent: ['{who} markerade brevet "{kind}" som skickat.', '{who} marked the "{kind}" letter sent.'],
  h_officer_signed_in: ['{who} loggade in.', '{who} signed in.'],
  h_officer_signed_out: ['{who} loggade ut.', '{who} signed out.'],
  h_officer_sign_in_failed: ['Misslyckad inloggning som {username}.', 'Failed sign-in as {username}.'],
  h_officer_sign_in_refused: [
    'Inloggningen som {username} nekades: kontot är låst.',
    'Sign-in as {username} refused: the account is locked.',
  ],
  h_officer_locked_out: [
    'Kontot {username} låstes efter för många misslyckade inloggningar.',
    'The account {username} was locked after too many failed sign-ins.',
  ],
  h_officer_created: ['{who} skapade handläggaren {username}.', '{who} created the officer {username}.'],
  h_officer_disabled: ['{who} stängde av {username}.', '{who} disabled {username}.'],
  h_officer_enabled: ['{who} aktiverade {username} igen.', '{who} enabled {username} again.'],
  h_officer_unlocked: ['{who} låste upp {username}.', '{who} unlocked {username}.'],
  h_officer_password_reset: [
    '{who} satte ett nytt lösenord för {username}.',
    '{who} set a new password for {username}.',
  ],
  h_token_created: ['{who} skapade API-nyckeln "{name}".', '{who} created the API token "{name}".'],
  h_token_revoked: ['{who} återkallade API-nyckeln "{name}".', '{who} revoked the API token "{name}".'],
  h_print_batch_created: [
    '{who} skapade en utskriftsbatch med {cards} kort.',
    '{who} made a print batch of {cards} cards.',
  ],
  h_print_batch_printed: [
    '{who} markerade en utskriftsbatch som utskriven.',
    '{who} marked a print batch printed.',
  ],
  h_other: ['{who}: {action}.', '{who}: {action}.'],
} as const satisfies Record<string, readonly [string, string]>;
