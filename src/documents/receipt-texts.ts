// The receipt's words (C9), one catalogue file per language in texts/receipt/, read and checked by
// the one catalogue loader (src/catalogue.ts). The PDF (receipt-pdf.ts) and `lmakort receipt verify`
// (src/cli/receipt.ts) both name the answer in these words. Built-in PDF fonts only cover Swedish and
// English, so those are the receipt's languages.

import { loadCatalogue } from '../catalogue.ts';
import type { ReceiptPayload } from '../services/receipt.ts';

export const RECEIPT_LANGUAGES = ['sv', 'en'] as const;
export type ReceiptTextLanguage = (typeof RECEIPT_LANGUAGES)[number];

/** One language's file of the receipt's catalogue. */
export type ReceiptTexts = {
  title: string;
  /** The answer as the receipt states it. */
  headline: Record<ReceiptPayload['result'], string>;
  atUnd: string;
  noAtUnd: string;
  specimen: string;
  /** `{date}` and `{time}`, Swedish time. */
  checked: string;
  instant: string;
  code: string;
  key: string;
  signed: string;
  /** Before and after the address of the public keys, which gets a line of its own. */
  howTo: [string, string];
  note: string;
};

/** The receipt catalogue's folder: sv.json (the reference) and en.json. */
export const RECEIPT_TEXTS_DIR = new URL('./texts/receipt/', import.meta.url);

/** Reads and checks the receipt's catalogue; throws CatalogueError naming the file and the key. */
export function loadReceiptTexts(dir: URL = RECEIPT_TEXTS_DIR): Record<ReceiptTextLanguage, ReceiptTexts> {
  return loadCatalogue<ReceiptTextLanguage, ReceiptTexts>(dir, RECEIPT_LANGUAGES);
}

export const RECEIPT_TEXTS = loadReceiptTexts();
