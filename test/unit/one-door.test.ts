// The layers point one way — domain ← store ← services ← http, cli, jobs — and every change to a
// record goes through a service, which writes the history in the same transaction (P4). So the doors
// (src/http, src/cli) may read from the stores but never call a store function that writes. A write function is an exported function of a `*-store.ts` file whose own SQL inserts,
// updates or deletes. The whole-database tools (migrate.ts, backup.ts, synthetic.ts: schema, restore,
// bulk cards for demos and benchmarks) are an operator's, not record writes, and are not listed.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Exported functions of a store file whose body runs INSERT, UPDATE or DELETE. */
function writeFunctions(source: string): string[] {
  return [...source.matchAll(/^export (?:async )?function (\w+)/gm)].flatMap((m) => {
    // The body ends at the first closing brace in the first column (the formatter's layout).
    const end = source.indexOf('\n}\n', m.index);
    const body = source.slice(m.index, end === -1 ? source.length : end);
    return /\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/i.test(body) ? [m[1] as string] : [];
  });
}

/** Value (not type-only) names a file imports from the store, by store file. */
function storeImports(source: string): { from: string; names: string[] }[] {
  return [...source.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']*\/store\/[^']+)';/gm)]
    .filter((m) => !m[1])
    .map((m) => ({
      from: (m[3] as string).replace(/^.*\/store\//, ''),
      names: (m[2] as string)
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '' && !n.startsWith('type '))
        .map((n) => n.split(/\s+as\s+/)[0] as string),
    }));
}

const storeFiles = readdirSync(join(SRC, 'store')).filter((f) => f.endsWith('-store.ts'));
const writes = new Map(
  storeFiles.map((f) => [f, new Set(writeFunctions(readFileSync(join(SRC, 'store', f), 'utf8')))]),
);

describe('one door for every change', () => {
  it('the stores have write functions to guard (the list is not empty by mistake)', () => {
    for (const known of ['insertToken', 'revokeToken', 'appendHistory', 'insertOfficer']) {
      assert.ok(
        [...writes.values()].some((set) => set.has(known)),
        `${known} is found as a write function`,
      );
    }
    assert.ok(!writes.get('token-store.ts')?.has('listTokens'), 'a read is not a write');
  });

  it('src/http and src/cli import no store write: they go through a service', () => {
    const offending: string[] = [];
    for (const door of ['http', 'cli']) {
      for (const file of filesUnder(join(SRC, door))) {
        for (const { from, names } of storeImports(readFileSync(file, 'utf8'))) {
          for (const name of names)
            if (writes.get(from)?.has(name)) offending.push(`${relative(SRC, file)}: ${name} (${from})`);
        }
      }
    }
    assert.deepEqual(offending, []);
  });

  it('nothing points back up: domain, store, services, jobs and documents never import a door or Fastify', () => {
    const below: Record<string, RegExp> = {
      domain: /from '(fastify|[./]*\/(store|services|http|cli|jobs|documents)\/)/,
      store: /from '(fastify|[./]*\/(services|http|cli|jobs)\/)/,
      services: /from '(fastify|[./]*\/(http|cli)\/)/,
      jobs: /from '(fastify|[./]*\/(http|cli)\/)/,
      documents: /from '(fastify|[./]*\/(http|cli|jobs)\/)/,
    };
    const offending: string[] = [];
    for (const [layer, upward] of Object.entries(below)) {
      for (const file of filesUnder(join(SRC, layer))) {
        for (const line of readFileSync(file, 'utf8').split('\n'))
          if (/^import /.test(line) && upward.test(line)) offending.push(`${relative(SRC, file)}: ${line}`);
      }
    }
    assert.deepEqual(offending, []);
  });

  it('the check itself finds a store write imported by a door', () => {
    const source = `import { insertToken, listTokens } from '../../store/token-store.ts';\n`;
    const found = storeImports(source).flatMap(({ from, names }) =>
      names.filter((n) => writes.get(from)?.has(n)),
    );
    assert.deepEqual(found, ['insertToken']);
  });
});
