// The backup copy's worker thread entry (data-dir-tar.ts starts one per backup). Plain JavaScript, so
// it loads however the process was started (`node --import tsx`, bin/lmakort.js, a test runner): it
// registers tsx itself — hooks registered in the main thread do not reach worker threads — gives up
// priority to the main thread, which answers the lookups (src/thread-priority.ts), and then writes the
// tarball, posting `{ ok: true }` or the error's message back.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { lowerThisThreadsPriority } = await import('../thread-priority.ts');
lowerThisThreadsPriority();
const { writeDataDirTarGz } = await import('./data-dir-tar.ts');
try {
  await writeDataDirTarGz(workerData.root, workerData.file);
  parentPort.postMessage({ ok: true });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  parentPort.postMessage({ ok: false, message, code: error?.code });
}
