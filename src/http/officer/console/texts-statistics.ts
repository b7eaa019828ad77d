// The console's words for the statistics page: Swedish first, English beside each (texts.ts joins the
// catalogue).

export const STATISTICS_WORDS = {
  navStats: ['Statistik', 'Statistics'],
  statsTitle: ['Statistik', 'Statistics'],
  statsPeriod: ['Period', 'Period'],
  statsFrom: ['Från månad', 'From month'],
  statsTo: ['Till och med månad', 'To month (inclusive)'],
  statsMonthHint: ['Som 2026-01', 'Like 2026-01'],
  statsShow: ['Visa', 'Show'],
  vMonth: [
    'Skriv en månad som ÅÅÅÅ-MM, till exempel 2026-01.',
    'Write a month as YYYY-MM, for example 2026-01.',
  ],
  vMonthOrder: ['Sista månaden kan inte vara före den första.', 'The last month cannot be before the first.'],
  vMonthRange: ['Högst {max} månader åt gången.', 'At most {max} months at a time.'],
  statsSummary: [
    '{from} till och med {to}: {handedOver} kort utlämnade, {extensions} förlängningar, {lookups} uppslag.',
    '{from} to {to}: {handedOver} cards handed over, {extensions} extensions, {lookups} lookups.',
  ],
  statsChart: ['Uppslag och förlängningar per månad', 'Lookups and extensions per month'],
  statsChartAlt: [
    'Stapeldiagram över uppslag och förlängningar per månad, {from} till och med {to}. Samma siffror står i tabellerna nedan.',
    'Bar chart of lookups and extensions per month, {from} to {to}. The tables below give the same figures.',
  ],
  statsChartHeading: [
    'Uppslag (mörka) och förlängningar (ljusa) per månad, {from} – {to}',
    'Lookups (dark) and extensions (light) per month, {from} – {to}',
  ],
  statsChartLookups: ['uppslag', 'lookups'],
  statsChartExtensions: ['förlängningar', 'extensions'],
  statsCards: ['Kort per månad', 'Cards per month'],
  statsMonth: ['Månad', 'Month'],
  statsOrdered: ['Beställda', 'Ordered'],
  statsProduced: ['Tillverkade', 'Produced'],
  statsHandedOver: ['Utlämnade', 'Handed over'],
  statsCancelled: ['Spärrade', 'Cancelled'],
  statsExtensions: ['Förlängningar', 'Extensions'],
  statsSaved: ['Besparing (kr)', 'Saving (SEK)'],
  statsTotal: ['Totalt', 'Total'],
  statsLetters: ['Brev per månad', 'Letters per month'],
  statsLookups: ['Uppslag per månad, efter svar', 'Lookups per month, by answer'],
  lookup_valid: ['Giltigt', 'Valid'],
  lookup_not_valid: ['Inte giltigt', 'Not valid'],
  lookup_unknown: ['Okänd kod', 'Unknown code'],
  lookup_malformed: ['Felskriven kod', 'Malformed code'],
  lookup_rate_limited: ['För många försök', 'Too many attempts'],
  lookup_unavailable: ['Tjänsten nere', 'Service down'],
  lookup_specimen: ['Övningskort', 'Training card'],
  statsSavingTitle: ['Så räknas besparingen', 'How the saving is computed'],
  statsSavingSum: [
    '{extensions} förlängningar × {cost} kr per kort = {saved} kr',
    '{extensions} extensions × SEK {cost} per card = SEK {saved}',
  ],
  statsAssumptions: ['Antaganden', 'Assumptions'],
  statsAssumeExtension: [
    'Varje förlängning håller sökandens befintliga kort i bruk. Med plastkort utan digital förlängning hade sökanden fått ett nytt kort med det nya giltighetsdatumet.',
    "Every extension keeps the applicant's existing card in use. With plastic cards and no digital extension, the applicant would have been given a new card with the new expiry date.",
  ],
  statsAssumeCost: [
    'Ett kort kostar {cost} kr att ta fram: material, tryck, hantering och utskick (inställningen LMA_CARD_COST_SEK).',
    'One card costs SEK {cost} to make: material, printing, handling and posting (the LMA_CARD_COST_SEK setting).',
  ],
  statsAssumeMadeAnyway: [
    'Kort som tillverkas ändå räknas inte som besparing: kort till nya sökande och ersättningskort för förlorade eller skadade kort ({produced} kort under perioden).',
    'Cards made anyway are not a saving: cards for new applicants and replacements for lost or damaged cards ({produced} cards in the period).',
  ],
  statsAssumeNotCounted: [
    'Handläggarnas tid, besöken och breven räknas inte med, så beloppet är lågt räknat.',
    "Officers' time, the visits and the letters are not counted, so the amount is a low estimate.",
  ],
  statsCompare: [
    'Migrationsverket redovisade en besparing på {reported} kr för 2022. Med {cost} kr per kort motsvarar det {cards} förlängningar på ett år, ungefär {perMonth} i månaden. Här: {extensions} förlängningar på {months} månader, i genomsnitt {average} i månaden.',
    'The Migration Agency reported a saving of SEK {reported} for 2022. At SEK {cost} per card that is {cards} extensions in a year, about {perMonth} a month. Here: {extensions} extensions in {months} months, {average} a month on average.',
  ],
} as const satisfies Record<string, readonly [string, string]>;
