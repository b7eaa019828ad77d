// The console's words, Swedish first (the officers' working language) and English beside it. They
// live in the catalogue texts/<lang>.json, in groups a translator can find: a group per part of the
// console (desk, history, admin, statistics, letters, setup, holder) and `errors` for the refusals the
// service names by code. The catalogue is read and checked against the Swedish file when this module
// loads (src/catalogue.ts), so a missing text or placeholder stops the server at start-up. Pages use
// the words by key alone: a key names one text in whichever group it stands.

import { CatalogueError, fill, loadCatalogue } from '../../../catalogue.ts';
import type SV from './texts/sv.json';

export { fill };

export type ConsoleLanguage = 'sv' | 'en';

type Catalogue = typeof SV;
type PageGroup = Exclude<keyof Catalogue, 'errors'>;

export type WordKey = { [G in PageGroup]: keyof Catalogue[G] }[PageGroup];
export type Words = Record<WordKey, string>;

/** The console's catalogue folder, Swedish the reference. */
export const CONSOLE_TEXTS_DIR = new URL('./texts/', import.meta.url);
export const CONSOLE_LANGUAGES: readonly ConsoleLanguage[] = ['sv', 'en'];

/** One language's page words by key; a key in two groups would make `t.key` ambiguous. */
function wordsOf(catalogue: Catalogue, lang: ConsoleLanguage): Words {
  const words: Record<string, string> = {};
  for (const [group, texts] of Object.entries(catalogue)) {
    if (group === 'errors') continue;
    for (const [key, text] of Object.entries(texts)) {
      if (key in words)
        throw new CatalogueError(
          `src/http/officer/console/texts/${lang}.json: "${key}" stands in two groups`,
        );
      words[key] = text;
    }
  }
  return words as Words;
}

/** Reads and checks the console's catalogue; throws CatalogueError naming the file and the key. */
export function loadConsoleTexts(dir: URL = CONSOLE_TEXTS_DIR): Record<ConsoleLanguage, Catalogue> {
  const catalogue = loadCatalogue<ConsoleLanguage, Catalogue>(dir, CONSOLE_LANGUAGES);
  for (const lang of CONSOLE_LANGUAGES) wordsOf(catalogue[lang], lang);
  return catalogue;
}

const CATALOGUE = loadConsoleTexts();
const BY_LANGUAGE: Record<ConsoleLanguage, Words> = {
  sv: wordsOf(CATALOGUE.sv, 'sv'),
  en: wordsOf(CATALOGUE.en, 'en'),
};

export function wordsFor(lang: ConsoleLanguage): Words {
  return BY_LANGUAGE[lang];
}

/** A refusal the service names by code, in the officer's language (the API's message otherwise). */
export function errorText(lang: ConsoleLanguage, code: string, fallback: string): string {
  const errors: Readonly<Record<string, string>> = CATALOGUE[lang].errors;
  return (Object.hasOwn(errors, code) && errors[code]) || fallback;
}
