// The holder page's words (R16), one JSON file per language in holder-texts/, the same eight
// languages as the lookup page, read and checked at start-up by the one catalogue loader
// (src/catalogue.ts). The verdict itself is the lookup's own headline (texts/), so the holder reads
// exactly what a verifier reads.

import { loadCatalogue } from '../../catalogue.ts';
import type sv from './holder-texts/sv.json';
import { PAGE_LANGUAGES, type PageLanguage } from './texts.ts';

/** One language's file: the Swedish reference's keys, all texts. */
export type HolderTexts = typeof sv;

/** The holder page's catalogue folder, Swedish the reference. */
export const HOLDER_TEXTS_DIR = new URL('./holder-texts/', import.meta.url);

/** Reads and checks the holder page's catalogue; throws CatalogueError naming the file and the key. */
export function loadHolderTexts(dir: URL = HOLDER_TEXTS_DIR): Record<PageLanguage, HolderTexts> {
  return loadCatalogue<PageLanguage, HolderTexts>(dir, PAGE_LANGUAGES);
}

export const HOLDER_TEXTS = loadHolderTexts();
