// The embedded database's data directory is one process's: a lock file beside the data names the
// process holding it (pid, command, since), and a lock left by a process that has ended is taken over.

import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
}

/** Another process holds the embedded data directory, or its lock file cannot be read. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
    readonly lockFile: string = join(dataDir, LOCK_FILE),
  ) {
    super(
      holder
        ? `The embedded database in ${dataDir} is in use by another lmakort process ` +
            `(pid ${holder.pid}, "${holder.command}", since ${holder.startedAt}). ` +
            'Only one process may open it: stop that process first, or set DATABASE_URL to use a PostgreSQL server.'
        : `The embedded database in ${dataDir} may be in use: its lock file ${lockFile} cannot be read ` +
            '(empty or damaged), so it is taken as held. Only one process may open the database. If no ' +
            `lmakort process uses this directory, remove ${lockFile} and start again.`,
    );
    this.name = 'DataDirLockedError';
  }
}

const LOCK_FILE = 'lmakort.lock';

/** The lock files this process made and still holds (by path), with the exact text it wrote. */
const heldLocks = new Map<string, string>();

/**
 * Whether the process a lock names has provably ended: no process has its pid. A pid in use by
 * anything (even another program that was given the number since) counts as alive, except our own
 * pid when this process did not make the lock: two live processes never share a pid, so the one
 * that wrote it has ended (a container restarted with the same pid).
 */
function holderHasEnded(lockPath: string, pid: number): boolean {
  if (pid === process.pid) return !heldLocks.has(lockPath);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function readHolder(lockPath: string): { text: string; holder: LockHolder | null } | null {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { text: '', holder: null };
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    const ok = Number.isInteger(parsed.pid) && (parsed.pid as number) > 0;
    return {
      text,
      holder: ok
        ? { pid: parsed.pid as number, command: String(parsed.command), startedAt: String(parsed.startedAt) }
        : null,
    };
  } catch {
    return { text, holder: null };
  }
}

/**
 * An exclusive lock file beside the data. A lock that cannot be read is taken as held (the error
 * names the file); a lock is taken over only when the process it names has provably ended, and
 * then under a second, exclusive take-over file so two starting processes cannot both take it.
 * The release deletes the lock only while it is still the one this process wrote.
 */
export function lockDataDir(dataDir: string, command: string): () => void {
  const lockPath = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({
    pid: process.pid,
    command,
    startedAt: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      heldLocks.set(lockPath, mine);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        heldLocks.delete(lockPath);
        try {
          if (readFileSync(lockPath, 'utf8') === mine) unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const found = readHolder(lockPath);
      if (!found) continue; // removed meanwhile: try again
      if (!found.holder) throw new DataDirLockedError(dataDir, null, lockPath);
      if (!holderHasEnded(lockPath, found.holder.pid)) throw new DataDirLockedError(dataDir, found.holder);
      takeOverStaleLock(dataDir, lockPath, found.text, found.holder);
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

/** Removes a lock whose holder has ended, if it is still that very lock, under a take-over file. */
function takeOverStaleLock(dataDir: string, lockPath: string, staleText: string, holder: LockHolder): void {
  const guard = `${lockPath}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new DataDirLockedError(dataDir, holder);
    throw error;
  }
  try {
    closeSync(fd);
    if (readHolder(lockPath)?.text === staleText) unlinkSync(lockPath);
  } finally {
    unlinkSync(guard);
  }
}
