// What the lookup page's "valid" headline says in each page language, written out here rather than
// read from the texts under test, for the tests that read it off the page.

import type { PageLanguage } from '../../src/http/public/texts.ts';

export const VALID_IN: Record<PageLanguage, string> = {
  sv: 'LMA-kort giltigt',
  en: 'LMA card valid',
  ar: 'بطاقة LMA سارية',
  fa: 'کارت LMA معتبر است',
  ti: 'ካርድ LMA ብቑዕ እዩ',
  so: 'Kaarka LMA waa sax',
  uk: 'Картка LMA дійсна',
  ru: 'Карта LMA действительна',
};
