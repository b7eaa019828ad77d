#!/usr/bin/env node
// Node 20's `node --test` does not expand globs: find the test files and hand them over.
// Usage: node scripts/run-tests.mjs [folder-or-file …]   (default: everything under test/)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) collect(join(path, entry), out);
  } else if (path.endsWith('.test.ts')) out.push(path);
  return out;
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['test']).flatMap((r) => collect(r, []));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  {
    stdio: 'inherit',
    // Two test files at once, each with servers of its own, keep both cores busy: document threads on
    // the idle policy would wait for minutes behind them. The priority test sets the policy itself.
    env: { LMA_BACKGROUND_PRIORITY: 'nice', ...process.env, NODE_ENV: 'test' },
  },
);
process.exit(result.status ?? 1);
