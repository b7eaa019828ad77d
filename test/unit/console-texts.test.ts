// The console's catalogue (src/http/officer/console/texts/<lang>.json): it loads, every word the
// console's pages ask for is in it and every text in it is asked for, and a translation with a text
// missing is refused when the catalogue is read, naming the file and the key.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CatalogueError, loadCatalogue } from '../../src/catalogue.ts';
import { errorText, wordsFor } from '../../src/http/officer/console/texts.ts';

const CONSOLE = new URL('../../src/http/officer/console/', import.meta.url);
const TEXTS = new URL('texts/', CONSOLE);

/** The console's source with its comments left out (they may name a word without using it). */
const source = readdirSync(CONSOLE)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(new URL(file, CONSOLE), 'utf8'))
  .join('\n')
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/^\s*\/\/.*$/gm, '');

const pageKeys = Object.keys(wordsFor('sv'));
/** Words asked for by name: `t.signIn`, `ctx.t.signIn`, `wordsFor(lang).notYourself`. */
const named = new Set(
  Array.from(source.matchAll(/(?:\bt|\bwordsFor\([^)]*\))\.([A-Za-z_]\w*)/g), (m) => m[1] as string),
);
/** Words asked for by a computed key: `t[`decision_${type}`]`, `` `h_${action}` as WordKey ``. */
const prefixes = new Set(Array.from(source.matchAll(/`([A-Za-z]+_)\$\{/g), (m) => m[1] as string));
/** Keys written as strings (a WordKey kept in a table, such as a search problem's message). */
const quoted = new Set(Array.from(source.matchAll(/'([A-Za-z_]\w*)'/g), (m) => m[1] as string));

describe("the console's catalogue", () => {
  it('loads with Swedish as the reference, and the pages get each language from it', () => {
    const catalogue = loadCatalogue(TEXTS, ['sv', 'en'] as const);
    assert.deepEqual(Object.keys(catalogue.en), Object.keys(catalogue.sv));
    assert.equal(wordsFor('sv').signIn, 'Logga in');
    assert.equal(wordsFor('en').signIn, 'Sign in');
    assert.equal(errorText('sv', 'username_taken', 'taken'), 'Användarnamnet är upptaget.');
    assert.equal(errorText('en', 'no_such_code', 'The API says no.'), 'The API says no.');
    assert.equal(errorText('en', 'constructor', 'The API says no.'), 'The API says no.');
  });

  it('holds every word the console asks for by name', () => {
    assert.ok(named.size > 200, `only ${named.size} words found: has the way pages ask for words changed?`);
    const missing = [...named].filter((key) => !pageKeys.includes(key));
    assert.deepEqual(missing, [], 'words used in src/http/officer/console but not in texts/sv.json');
  });

  it('has a text for every computed key family, and no text nothing asks for', () => {
    for (const prefix of prefixes) {
      assert.ok(
        pageKeys.some((key) => key.startsWith(prefix)),
        `no text starts with "${prefix}"`,
      );
    }
    const unused = pageKeys.filter(
      (key) => !named.has(key) && !quoted.has(key) && ![...prefixes].some((p) => key.startsWith(p)),
    );
    assert.deepEqual(unused, [], 'texts in texts/sv.json that no console page uses');
  });

  describe('a broken translation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lma-console-texts-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    /** A copy of the catalogue in a temporary folder, with `change` made to the English file. */
    const brokenCopy = (change: (en: Record<string, Record<string, string>>) => void): URL => {
      copyFileSync(fileURLToPath(new URL('sv.json', TEXTS)), join(dir, 'sv.json'));
      const en = JSON.parse(readFileSync(new URL('en.json', TEXTS), 'utf8'));
      change(en);
      writeFileSync(join(dir, 'en.json'), JSON.stringify(en));
      return pathToFileURL(`${dir}/`);
    };

    it('with a text missing is refused when the catalogue is read, naming the file and the key', () => {
      const copy = brokenCopy((en) => {
        delete en.desk?.signIn;
      });
      assert.throws(
        () => loadCatalogue(copy, ['sv', 'en'] as const),
        (error) => {
          assert.ok(error instanceof CatalogueError);
          assert.match(error.message, /en\.json: "desk\.signIn" is missing/);
          return true;
        },
      );
    });

    it('with a placeholder dropped is refused the same way', () => {
      const copy = brokenCopy((en) => {
        if (en.history) en.history.h_card_ordered = '{who} ordered a card.';
      });
      assert.throws(
        () => loadCatalogue(copy, ['sv', 'en'] as const),
        /en\.json: "history\.h_card_ordered" lacks \{number\}/,
      );
    });
  });
});
