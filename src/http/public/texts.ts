// The public lookup page's words, per language (C4). Swedish is the default.

import type { LookupResult } from '../../domain/lookup.ts';

export const PAGE_LANGUAGES = ['sv', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export interface PageTexts {
  service: string;
  headline: Record<LookupResult, string>;
  explain: Record<LookupResult, string>;
  atUnd: string;
  atUndExplain: string;
  noAtUnd: string;
  checkedAt: (date: string, time: string) => string;
  codeLabel: string;
  typedCode: string;
  formTitle: string;
  formHint: string;
  submit: string;
  otherLanguage: string;
  privacy: string;
  rateLimited: string;
  unavailable: string;
  couldNotCheck: string;
}

export const TEXTS: Record<PageLanguage, PageTexts> = {
  sv: {
    service: 'Kontroll av LMA-kort',
    headline: {
      valid: 'LMA-kort giltigt',
      not_valid: 'LMA-kort EJ\u00a0giltigt',
      unknown: 'Ingen information',
      malformed: 'Koden är felskriven — kontrollera tecknen',
    },
    explain: {
      valid: 'Kortet gäller i dag. Innehavaren är asylsökande enligt LMA.',
      not_valid:
        'Kortet gäller inte i dag. Det kan bero på ett beslut i ärendet eller på att kortet inte har förnyats. Fråga innehavaren.',
      unknown: 'Det finns inget LMA-kort med den här koden. Jämför koden med kortets baksida.',
      malformed:
        'Kontrolltecknet stämmer inte. Ett tecken är troligen fel eller saknas. Jämför med kortets baksida.',
    },
    atUnd: 'AT-UND finns',
    atUndExplain: 'Undantagen från kravet på arbetstillstånd: får arbeta i Sverige.',
    noAtUnd: 'Ingen AT-UND (inte undantagen från kravet på arbetstillstånd)',
    checkedAt: (date, time) => `Kontrollerat ${date} kl.\u00a0${time} svensk\u00a0tid`,
    codeLabel: 'Kod',
    typedCode: 'Du skrev',
    formTitle: 'Kontrollera ett LMA-kort',
    formHint:
      'Skriv koden från kortets baksida, till exempel <span class="nowrap">ABCD-EFGH-JKMN-3</span>. Små bokstäver och mellanslag går bra.',
    submit: 'Kontrollera',
    otherLanguage: 'English',
    privacy: 'Tjänsten sparar inte vem som kontrollerar ett kort, från vilken adress eller vilken kod.',
    rateLimited: 'För många felaktiga koder från din anslutning. Försök igen om en stund.',
    unavailable:
      'Kunde inte kontrollera just nu. Svaret är varken giltigt eller ogiltigt — försök igen om en stund.',
    couldNotCheck: 'Kunde inte kontrollera',
  },
  en: {
    service: 'LMA card check',
    headline: {
      valid: 'LMA card valid',
      not_valid: 'LMA card NOT\u00a0valid',
      unknown: 'No information',
      malformed: 'The code is mistyped — check the characters',
    },
    explain: {
      valid: 'The card is valid today. The holder is an asylum seeker under the LMA.',
      not_valid:
        'The card is not valid today. This may be due to a decision in the case or because the card has not been renewed. Ask the holder.',
      unknown: 'No LMA card has this code. Compare the code with the back of the card.',
      malformed:
        'The check character does not match. A character is probably wrong or missing. Compare with the back of the card.',
    },
    atUnd: 'AT-UND finns',
    atUndExplain: 'Exempt from the requirement to hold a work permit: may work in Sweden.',
    noAtUnd: 'No AT-UND (not exempt from the work-permit requirement)',
    checkedAt: (date, time) => `Checked ${date} at\u00a0${time} Swedish\u00a0time`,
    codeLabel: 'Code',
    typedCode: 'You typed',
    formTitle: 'Check an LMA card',
    formHint:
      'Type the code from the back of the card, for example <span class="nowrap">ABCD-EFGH-JKMN-3</span>. Lower case and spaces are fine.',
    submit: 'Check',
    otherLanguage: 'Svenska',
    privacy: 'This service does not record who checks a card, from which address, or which code.',
    rateLimited: 'Too many wrong codes from your connection. Try again in a while.',
    unavailable: 'Could not check right now. This is neither valid nor not valid — try again in a while.',
    couldNotCheck: 'Could not check',
  },
};

/** ?lang= wins; otherwise the first supported language in Accept-Language by q; otherwise Swedish. */
export function chooseLanguage(queryLang: unknown, acceptLanguage: string | undefined): PageLanguage {
  if (typeof queryLang === 'string' && (PAGE_LANGUAGES as readonly string[]).includes(queryLang)) {
    return queryLang as PageLanguage;
  }
  if (!acceptLanguage) return 'sv';
  let best: PageLanguage = 'sv';
  let bestQ = -1;
  for (const part of acceptLanguage.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0] as PageLanguage;
    if (!(PAGE_LANGUAGES as readonly string[]).includes(primary)) continue;
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (Number.isFinite(q) && q > bestQ) {
      best = primary;
      bestQ = q;
    }
  }
  return best;
}
