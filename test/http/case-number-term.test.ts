// One term for the case number: "ärendenummer" / "case number" in the API's documentation (the
// field keeps its name dossierNumber), on the console and in the letters' labels.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { wordsFor } from '../../src/http/officer/console/texts.ts';
import { backends } from '../support/backends.ts';
import { appOn } from '../support/http.ts';

/** Every schema object in `doc` that has a property named `name`, with that property. */
function propertiesNamed(
  doc: unknown,
  name: string,
  found: Record<string, unknown>[] = [],
): Record<string, unknown>[] {
  if (Array.isArray(doc)) for (const x of doc) propertiesNamed(x, name, found);
  else if (doc && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    const props = o.properties as Record<string, Record<string, unknown>> | undefined;
    if (props && typeof props === 'object' && props[name]) found.push(props[name]);
    for (const v of Object.values(o)) propertiesNamed(v, name, found);
  }
  return found;
}

const backend = backends[0];
if (backend)
  describe('the case number is called one thing everywhere', () => {
    const f = appOn(backend);

    it('the OpenAPI document describes every dossierNumber as the case number (ärendenummer)', async () => {
      const doc = await (await fetch(`${f.web.url}/api/openapi.json`)).json();
      const fields = propertiesNamed(doc, 'dossierNumber');
      assert.ok(fields.length >= 3, `${fields.length} dossierNumber fields`);
      for (const f of fields) assert.match(String(f.description), /case number \(Swedish: ärendenummer\)/);
      assert.doesNotMatch(JSON.stringify(doc), /[Dd]ossier number/);
    });

    it('the console and the letters say ärendenummer / case number', () => {
      assert.equal(wordsFor('sv').dossierNumber, 'Ärendenummer');
      assert.equal(wordsFor('en').dossierNumber, 'Case number');
      for (const lang of ['sv', 'en'] as const) {
        const letters = JSON.parse(
          readFileSync(new URL(`../../src/documents/texts/${lang}.json`, import.meta.url), 'utf8'),
        ) as { labels: { dossierNumber: string } };
        assert.equal(letters.labels.dossierNumber, lang === 'sv' ? 'Ärendenummer' : 'Case number');
      }
    });
  });
