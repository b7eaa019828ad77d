// Messages between bench/lookup.ts (the load generator) and its server children, over the fork IPC
// channel. The children never print to stdout, so nothing here depends on parsing text.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export interface CpuSample {
  /** process.cpuUsage() of the child, µs (user + system). */
  cpuMicros: number;
  /** process.hrtime.bigint() of the child, as µs, to turn CPU time into utilisation. */
  wallMicros: number;
}

export interface StartupFigures {
  cards: number;
  database: 'dir' | 'memory';
  /** Inserting the synthetic cards (not part of start-up; reported for context). */
  insertMs: number;
  /** Re-opening the embedded database from its directory (dir mode only). */
  openMs: number | null;
  /** migrate() on the already-migrated database (dir mode only). */
  migrateMs: number | null;
  /** ReadModel.load() over all cards (start-up runs: loadLookups, the read model and the lists following it). */
  loadMs: number;
  /** The lists built and signed, after listening (as `lmakort serve` does). */
  statusListsBuildMs?: number;
  /** The read model's memory: V8 heapUsed after load minus before (both after a full GC) plus its card table's arrays, bytes. */
  readModelBytes: number;
  heapUsedAfter: number;
  /** Resident set size after load, bytes (includes PGlite's WASM memory). */
  rssAfter: number;
  /** From the process's start to listening (module loading included), ms; start-up runs only. */
  readyMs?: number;
  /** How the sample codes answer, by result, as the read model sees them. */
  sampleMix: Record<string, number>;
}

export type ChildMessage =
  | {
      type: 'ready';
      port: number;
      codes?: string[];
      startup?: StartupFigures;
      /** For the write-path run: an officer token and applicants with an active card. */
      token?: string;
      applicantIds?: string[];
    }
  | { type: 'cpu'; id: number; sample: CpuSample }
  | { type: 'profiled'; id: number; file: string | null }
  | { type: 'error'; message: string };

export type ParentMessage =
  | { type: 'cpu'; id: number }
  | { type: 'profile-start'; id: number }
  | { type: 'profile-stop'; id: number; file: string }
  | { type: 'stop' };

export function cpuSample(): CpuSample {
  const u = process.cpuUsage();
  return { cpuMicros: u.user + u.system, wallMicros: Number(process.hrtime.bigint() / 1000n) };
}

/**
 * Serves the parent's requests: CPU samples, a CPU profile of one measured run (through the inspector,
 * so start-up is not in it), and stop, which runs the child's own clean-up first.
 */
export function answerParent(stop: () => Promise<void>): void {
  let session: Session | null = null;
  process.on('message', (message: ParentMessage) => {
    switch (message.type) {
      case 'cpu':
        send({ type: 'cpu', id: message.id, sample: cpuSample() });
        break;
      case 'profile-start':
        void (async () => {
          session = new Session();
          session.connect();
          await session.post('Profiler.enable');
          await session.post('Profiler.setSamplingInterval', { interval: 500 });
          await session.post('Profiler.start');
          send({ type: 'profiled', id: message.id, file: null });
        })();
        break;
      case 'profile-stop':
        void (async () => {
          if (!session) return send({ type: 'profiled', id: message.id, file: null });
          const { profile } = await session.post('Profiler.stop');
          session.disconnect();
          session = null;
          writeFileSync(message.file, JSON.stringify(profile));
          send({ type: 'profiled', id: message.id, file: message.file });
        })();
        break;
      case 'stop':
        void stop().finally(() => process.exit(0));
        break;
    }
  });
  // The parent died or closed the channel: do not linger.
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
}

export function send(message: ChildMessage): void {
  process.send?.(message);
}
