// Buffers for answers of a few KB (a lookup page, with or without its response head). Above 4 KB,
// Node's own pool gives each one a fresh allocation; these are cut from a larger slab instead. A
// slice is never reused: a full slab is replaced and freed by the GC once the last answer cut from
// it has been written.

const SLAB_SIZE = 256 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabUsed = 0;

/** A buffer of this length, its contents not cleared: the caller writes every byte of it. */
export function takeBuffer(length: number): Buffer {
  if (length > SLAB_SIZE / 8) return Buffer.allocUnsafe(length);
  if (slabUsed + length > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + length);
  slabUsed += (length + 7) & ~7;
  return out;
}
