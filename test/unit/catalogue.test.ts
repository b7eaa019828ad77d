// The one text catalogue mechanism: what a translator can get wrong is caught when the catalogue is
// read, with the file and the key named, and a filled text never shows a bare placeholder.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CatalogueError,
  checkCatalogue,
  fill,
  fillHtml,
  loadCatalogue,
  placeholdersOf,
} from '../../src/catalogue.ts';

const SV = {
  title: 'Kortet gäller till {date}',
  headline: { valid: 'LMA-kort giltigt', not_valid: 'LMA-kort EJ giltigt' },
  reasons: ['Avslag', 'Inte förnyat'],
};
const EN = {
  title: 'The card is valid until {date}',
  headline: { valid: 'LMA card valid', not_valid: 'LMA card NOT valid' },
  reasons: ['Rejected', 'Not renewed'],
};

const refused = (files: Record<string, unknown>, message: RegExp) =>
  assert.throws(
    () => checkCatalogue('texts', ['sv', 'en'], files as Record<'sv' | 'en', unknown>),
    (error) => {
      assert.ok(error instanceof CatalogueError);
      assert.match(error.message, message);
      return true;
    },
  );

describe('a text catalogue', () => {
  it('that matches its reference language key for key is taken as it is', () => {
    const texts = checkCatalogue('texts', ['sv', 'en'], { sv: SV, en: EN });
    assert.equal(texts.en.title, EN.title);
  });

  it('refuses a missing key, an extra key and a value of the wrong kind, naming file and key', () => {
    refused(
      { sv: SV, en: { ...EN, headline: { valid: 'LMA card valid' } } },
      /texts\/en\.json: "headline\.not_valid" is missing/,
    );
    refused(
      { sv: SV, en: { ...EN, extra: 'x' } },
      /texts\/en\.json: "extra" is not a key of the reference language/,
    );
    refused({ sv: SV, en: { ...EN, reasons: 'Rejected' } }, /"reasons" must be a list, not a text/);
    refused({ sv: SV, en: { ...EN, title: 3 } }, /"title" must be a text, not a number/);
  });

  it('refuses an empty text and a list of another length', () => {
    refused({ sv: SV, en: { ...EN, title: '  ' } }, /texts\/en\.json: "title" is empty/);
    refused({ sv: SV, en: { ...EN, reasons: ['Rejected'] } }, /"reasons" must hold 2 entries, not 1/);
    refused({ sv: { ...SV, reasons: ['Avslag', ''] }, en: EN }, /texts\/sv\.json: "reasons\[1\]" is empty/);
  });

  it('refuses a translation that drops or invents a placeholder', () => {
    refused({ sv: SV, en: { ...EN, title: 'The card is valid' } }, /"title" lacks \{date\}/);
    refused({ sv: SV, en: { ...EN, title: 'Valid until {date} for {name}' } }, /"title" has \{name\}/);
  });

  it('refuses a reference file that is not an object, and a number or null anywhere', () => {
    refused({ sv: ['x'], en: EN }, /texts\/sv\.json must hold a JSON object/);
    refused(
      { sv: { ...SV, count: 3 }, en: { ...EN, count: 3 } },
      /texts\/sv\.json: "count" must be a text, a list or a group, not a number/,
    );
    refused({ sv: SV, en: { ...EN, title: null } }, /"title" must be a text, not a null/);
  });
});

describe('reading a catalogue folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lma-catalogue-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const url = pathToFileURL(`${dir}/`);

  it('reads each language file and checks them', () => {
    writeFileSync(join(dir, 'sv.json'), JSON.stringify(SV));
    writeFileSync(join(dir, 'en.json'), JSON.stringify(EN));
    const texts = loadCatalogue(url, ['sv', 'en'] as const);
    assert.deepEqual(texts.sv.headline, SV.headline);
  });

  it('names a file that is missing or not JSON', () => {
    assert.throws(() => loadCatalogue(url, ['sv', 'ar'] as const), /ar\.json cannot be read/);
    writeFileSync(join(dir, 'en.json'), '{"title": ');
    assert.throws(() => loadCatalogue(url, ['sv', 'en'] as const), /en\.json is not valid JSON/);
  });
});

describe('filling placeholders', () => {
  it('puts each value in its place, however often it stands', () => {
    assert.equal(fill('{n} av {n} kort, {who}', { n: 3, who: 'Anna' }), '3 av 3 kort, Anna');
  });

  it('throws on a placeholder without a value rather than show it', () => {
    assert.throws(() => fill('Kortet gäller till {date}', {}), /no value for \{date\}/);
  });

  it('leaves braces that are not a placeholder alone', () => {
    assert.equal(fill('{ } {1} {date}', { date: 'idag' }), '{ } {1} idag');
    assert.deepEqual(placeholdersOf('{a} {b} {a} {1}'), ['a', 'b']);
  });

  it('on a page escapes the text, so a translation cannot inject markup, and inserts the values as HTML', () => {
    assert.equal(
      fillHtml('<b>Kontrollerat</b> {date} & "{time}"', { date: '<time>2 mars</time>', time: '10:15' }),
      '&lt;b&gt;Kontrollerat&lt;/b&gt; <time>2 mars</time> &amp; &quot;10:15&quot;',
    );
  });
});
