import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, it } from 'node:test';

// Code and tests may cite a rule by its ID (R5, P1, C9, S3) only when docs/rules.md defines it:
// a reader must be able to look every citation up inside the repository.

const ROOT = new URL('../../', import.meta.url).pathname;
const TEXT_FILES = new Set(['.ts', '.js', '.mjs', '.json', '.md', '.sql', '.css', '.html', '.svg']);
const RULE_ID = /\b([RCPS])([1-9][0-9]?)\b/g;

function collect(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (TEXT_FILES.has(extname(entry))) out.push(path);
  }
  return out;
}

/** The IDs docs/rules.md defines: each is a bold list item, "**R5 — …**". */
function definedRuleIds(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^- \*\*([RCPS][1-9][0-9]?) — /gm)].map((m) => m[1] as string));
}

function citedRuleIds(text: string): Set<string> {
  return new Set([...text.matchAll(RULE_ID)].map((m) => `${m[1]}${m[2]}`));
}

describe('rule IDs', () => {
  const defined = definedRuleIds(readFileSync(join(ROOT, 'docs/rules.md'), 'utf8'));

  it('docs/rules.md defines the rules, contracts, privacy and security promises', () => {
    for (const id of ['R1', 'R11', 'R14', 'R16', 'C1', 'C9', 'P1', 'P5', 'S1', 'S4']) {
      assert.ok(defined.has(id), `${id} is defined`);
    }
  });

  it('a citation of an ID that docs/rules.md does not define is found', () => {
    const cited = citedRuleIds('// R5 extends the card; S7 means nothing; SR5 and R5a are words');
    assert.deepEqual([...cited].sort(), ['R5', 'S7']);
    assert.deepEqual(
      [...cited].filter((id) => !defined.has(id)),
      ['S7'],
    );
  });

  it('every rule ID cited in src/ and test/ is defined in docs/rules.md', () => {
    const undefinedIds: string[] = [];
    for (const file of [...collect(join(ROOT, 'src')), ...collect(join(ROOT, 'test'))]) {
      if (file.endsWith('rules-doc.test.ts')) continue;
      for (const id of citedRuleIds(readFileSync(file, 'utf8'))) {
        if (!defined.has(id)) undefinedIds.push(`${id} in ${file.slice(ROOT.length)}`);
      }
    }
    assert.deepEqual(undefinedIds, []);
  });
});
