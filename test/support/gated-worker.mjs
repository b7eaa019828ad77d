// The real document worker with a latch in front, for tests that must know a document is being made
// while they do something else. workerData.gate is an Int32Array on shared memory: the worker counts
// each task of the kinds in workerData.hold it starts in gate[1], then holds it until gate[0] is 1
// (the test opens the latch). Other tasks run as usual.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runTask } = await import('../../src/documents/tasks.ts');
const { gate, hold } = workerData[1];

export default function gatedTask(task) {
  if (!hold.includes(task.kind)) return runTask(task);
  Atomics.add(gate, 1, 1);
  Atomics.notify(gate, 1);
  Atomics.wait(gate, 0, 0);
  return runTask(task);
}
