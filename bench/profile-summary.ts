// Summarises a .cpuprofile written by `BENCH_CPU_PROF=dir npm run bench` (or node --cpu-prof):
// where the samples were by area (lmakort src, Fastify and its helpers, pino, node core, GC, idle),
// and the top functions by self and by total (inclusive) time.
//
//   node --import tsx bench/profile-summary.ts .bench/prof/status.cpuprofile [top=25] [requests]
//
// With the number of requests served during the profile (bench/lookup.ts prints it), each line also
// shows wall-clock µs per request. Samples are wall-clock: time in a system call (writev) includes
// time the process waited for a core, so profile only on a quiet machine.

import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
const requests = process.argv[4] ? Number(process.argv[4]) : null;
if (!file) {
  console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const node of profile.nodes) {
  byId.set(node.id, node);
  for (const child of node.children ?? []) parent.set(child, node.id);
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  const bench = url.indexOf('/bench/');
  if (bench >= 0) return url.slice(bench + 1);
  return url;
}

function key(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  return frame.url ? `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : name;
}

function area(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8/native (program)';
    return `native: ${functionName}`;
  }
  if (url.startsWith('node:')) return 'node core';
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (m) {
    const pkg = m[1] as string;
    if (
      pkg === 'fastify' ||
      pkg.startsWith('@fastify/') ||
      ['find-my-way', 'avvio', 'light-my-request'].includes(pkg)
    )
      return `fastify (${pkg})`;
    return pkg;
  }
  if (url.includes('/src/')) return `lmakort ${shortUrl(url)}`;
  return shortUrl(url);
}

const self = new Map<string, number>();
const total = new Map<string, number>();
const areas = new Map<string, number>();
let all = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  let id: number | undefined = profile.samples[i];
  const leaf = id === undefined ? undefined : byId.get(id);
  if (!leaf) continue;
  all += dt;
  self.set(key(leaf.callFrame), (self.get(key(leaf.callFrame)) ?? 0) + dt);
  areas.set(area(leaf.callFrame), (areas.get(area(leaf.callFrame)) ?? 0) + dt);
  const seen = new Set<string>();
  while (id !== undefined) {
    const node = byId.get(id);
    if (!node) break;
    const k = key(node.callFrame);
    if (!seen.has(k)) {
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
    id = parent.get(id);
  }
}

const pct = (us: number) =>
  `${((100 * us) / all).toFixed(1).padStart(5)} %` +
  (requests ? `  ${(us / requests).toFixed(2).padStart(6)} µs/req` : '');
const print = (title: string, map: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${pct(us)}  ${k}`);
};

process.stdout.on('error', () => process.exit(0)); // piped into head
console.log(
  `${file}: ${(all / 1e6).toFixed(2)} s sampled, ${profile.samples.length} samples` +
    (requests ? `, ${requests} requests` : ''),
);
print('self time by area (the leaf frame of each sample)', areas, 40);
print(`top ${top} functions by self time`, self, top);
print(`top ${top} functions by total time (inclusive)`, total, top);
