// The document worker thread's entry. Plain JavaScript, so it loads however the process was started
// (`node --import tsx`, bin/lmakort.js, a test runner): it registers tsx itself — hooks registered in
// the main thread do not reach worker threads — and then loads the TypeScript tasks. First it gives
// up priority to the main thread, which answers the lookups (src/thread-priority.ts).
import { register } from 'tsx/esm/api';

register();
const { lowerThisThreadsPriority } = await import('../thread-priority.ts');
lowerThisThreadsPriority();
const { runTask } = await import('./tasks.ts');

export default runTask;
