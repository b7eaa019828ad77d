// Every surface's words, read the way the surface reads them when the server starts: each language of
// each catalogue has every key of its reference language (src/catalogue.ts checks it while loading),
// and a copy with one text taken out is refused, naming the file and the key.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CatalogueError } from '../../src/catalogue.ts';
import { LETTER_TEXTS_DIR, loadLetterTexts } from '../../src/documents/letter.ts';
import { loadReceiptTexts, RECEIPT_LANGUAGES, RECEIPT_TEXTS_DIR } from '../../src/documents/receipt-texts.ts';
import { EXTRACT_TEXTS_DIR, loadExtractTexts } from '../../src/documents/register-extract-pdf.ts';
import { LANGUAGES as LETTER_LANGUAGES } from '../../src/domain/applicant.ts';
import {
  CONSOLE_LANGUAGES,
  CONSOLE_TEXTS_DIR,
  loadConsoleTexts,
} from '../../src/http/officer/console/texts.ts';
import { HOLDER_TEXTS_DIR, loadHolderTexts } from '../../src/http/public/holder-texts.ts';
import { loadPrivacyTexts, PRIVACY_TEXTS_DIR } from '../../src/http/public/privacy-page.ts';
import { loadPageTexts, PAGE_LANGUAGES, PAGE_TEXTS_DIR } from '../../src/http/public/texts.ts';
import { APP_TEXTS_DIR, readAppTexts } from '../../src/http/verify/guidance-page.ts';
import { LANGUAGES as APP_LANGUAGES } from '../../src/http/verify/rulebooks.ts';

interface Surface {
  name: string;
  dir: URL;
  languages: readonly string[];
  /** The surface's own loader, as the server (or a document worker) calls it, from another folder. */
  load: (dir: URL) => unknown;
}

const SURFACES: Surface[] = [
  { name: 'lookup page', dir: PAGE_TEXTS_DIR, languages: PAGE_LANGUAGES, load: loadPageTexts },
  { name: 'holder page', dir: HOLDER_TEXTS_DIR, languages: PAGE_LANGUAGES, load: loadHolderTexts },
  { name: 'privacy page', dir: PRIVACY_TEXTS_DIR, languages: PAGE_LANGUAGES, load: loadPrivacyTexts },
  { name: 'verifier app', dir: APP_TEXTS_DIR, languages: APP_LANGUAGES, load: readAppTexts },
  { name: 'letters', dir: LETTER_TEXTS_DIR, languages: LETTER_LANGUAGES, load: loadLetterTexts },
  { name: 'register extract', dir: EXTRACT_TEXTS_DIR, languages: LETTER_LANGUAGES, load: loadExtractTexts },
  { name: 'receipts', dir: RECEIPT_TEXTS_DIR, languages: RECEIPT_LANGUAGES, load: loadReceiptTexts },
  { name: 'console', dir: CONSOLE_TEXTS_DIR, languages: CONSOLE_LANGUAGES, load: loadConsoleTexts },
];

/** Every text's place in a file ("a.b", "list[2]"), as the catalogue check walks it. */
function leaves(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    leaves(v, path ? `${path}.${k}` : k),
  );
}

const readJson = (dir: URL, lang: string) => JSON.parse(readFileSync(new URL(`${lang}.json`, dir), 'utf8'));

const scratch = mkdtempSync(join(tmpdir(), 'lma-catalogues-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('every text catalogue', () => {
  for (const surface of SURFACES) {
    it(`${surface.name}: the surface's loader takes it, and every language has every text of the reference`, () => {
      const loaded = surface.load(surface.dir) as Record<string, unknown>;
      assert.deepEqual(Object.keys(loaded).sort(), [...surface.languages].sort());
      const [reference] = surface.languages as [string];
      const want = leaves(readJson(surface.dir, reference)).sort();
      assert.ok(want.length > 0, `${surface.name}: ${reference}.json holds texts`);
      for (const lang of surface.languages)
        assert.deepEqual(leaves(readJson(surface.dir, lang)).sort(), want, `${surface.name}: ${lang}.json`);
    });

    it(`${surface.name}: a copy with one text missing in one language is refused, naming file and key`, () => {
      const copy = join(scratch, surface.name.replaceAll(' ', '-'));
      cpSync(surface.dir, copy, { recursive: true });
      const lang = surface.languages.at(-1) as string;
      const file = readJson(surface.dir, lang) as Record<string, unknown>;
      const key = Object.keys(file).at(-1) as string;
      delete file[key];
      writeFileSync(join(copy, `${lang}.json`), JSON.stringify(file));
      assert.throws(
        () => surface.load(pathToFileURL(`${copy}/`)),
        (error) => {
          assert.ok(error instanceof CatalogueError, String(error));
          assert.match(error.message, new RegExp(`${lang}\\.json: "${key}" is missing`));
          return true;
        },
      );
    });
  }
});
