// The console's words, Swedish first (the officers' working language) and English beside each. The
// catalogue is kept in files by page group; an entry is a `[sv, en]` pair, so a missing language
// is a type error.

import { QUEUE_ADMIN_WORDS } from './texts-admin.ts';
import { DESK_WORDS } from './texts-desk.ts';
import { HISTORY_WORDS } from './texts-history.ts';
import { LETTER_WORDS } from './texts-letters.ts';
import { SETUP_WORDS } from './texts-setup.ts';
import { STATISTICS_WORDS } from './texts-statistics.ts';

export type ConsoleLanguage = 'sv' | 'en';

const WORDS = {
  ...DESK_WORDS,
  ...HISTORY_WORDS,
  ...QUEUE_ADMIN_WORDS,
  ...STATISTICS_WORDS,
  ...LETTER_WORDS,
  ...SETUP_WORDS,
};

export type WordKey = keyof typeof WORDS;
export type Words = Record<WordKey, string>;

const BY_LANGUAGE: Record<ConsoleLanguage, Words> = {
  sv: Object.fromEntries(Object.entries(WORDS).map(([k, v]) => [k, v[0]])) as Words,
  en: Object.fromEntries(Object.entries(WORDS).map(([k, v]) => [k, v[1]])) as Words,
};

export function wordsFor(lang: ConsoleLanguage): Words {
  return BY_LANGUAGE[lang];
}

/** Fills {name} placeholders; the result is plain text (the html tag escapes it where it lands). */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** The refusals the service names by code, in the officer's language (the API's message otherwise). */
const ERRORS: Record<string, readonly [string, string]> = {
  nothing_to_print: [
    'Alla beställda kort ligger redan i en batch.',
    'Every ordered card is already in a batch.',
  ],
  visit_in_future: ['Ett besök kan inte dateras i framtiden.', 'A visit cannot be dated in the future.'],
  handover_in_future: [
    'En utlämning kan inte dateras i framtiden.',
    'A handover cannot be dated in the future.',
  ],
  handover_before_production: [
    'Utlämningen är daterad före tillverkningen.',
    'The handover is dated before production.',
  ],
  at_und_under_16: [
    'AT-UND kan bara ges till den som är 16 år eller äldre.',
    'AT-UND can only be granted from age 16.',
  ],
  dossier_number_taken: ['Ärendenumret är redan upptaget.', 'The case number is taken.'],
  card_not_produced: ['Kortet är inte tillverkat än.', 'The card is not produced yet.'],
  card_not_ordered: [
    'Kortet är inte beställt (redan tillverkat?).',
    'The card is not in the ordered state (already produced?).',
  ],
  card_already_cancelled: ['Kortet är redan spärrat.', 'The card is already cancelled.'],
  no_active_card: ['Sökanden har inget aktivt kort.', 'The applicant has no active card.'],
  decision_already_revoked: ['Beslutet är redan återkallat.', 'The decision is already revoked.'],
  at_und_unchanged: ['AT-UND är redan så från det datumet.', 'AT-UND is already so from that date.'],
  username_taken: ['Användarnamnet är upptaget.', 'The username is taken.'],
};

export function errorText(lang: ConsoleLanguage, code: string, fallback: string): string {
  const e = ERRORS[code];
  return e ? e[lang === 'sv' ? 0 : 1] : fallback;
}
