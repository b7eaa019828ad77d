// The holder page's words (R16), one JSON file per language in holder-texts/, the same eight
// languages as the lookup page, read and checked at start-up by the one catalogue mechanism
// (src/catalogue.ts): every language has every key and placeholder of the Swedish file. The verdict
// itself is the lookup's own headline (texts/), so the holder reads exactly what a verifier reads.

import { loadCatalogue } from '../../catalogue.ts';
import type sv from './holder-texts/sv.json';
import { PAGE_LANGUAGES, type PageLanguage } from './texts.ts';

export type HolderTexts = typeof sv;

export const HOLDER_TEXTS: Record<PageLanguage, HolderTexts> = loadCatalogue<PageLanguage, HolderTexts>(
  new URL('./holder-texts/', import.meta.url),
  PAGE_LANGUAGES,
);
