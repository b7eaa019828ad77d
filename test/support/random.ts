// The one seeded generator for tests (mulberry32): tests that make "random" codes or bytes make the
// same ones on every run, so a failure reproduces.

/** A generator of numbers in [0, 1), the same sequence for the same seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `length` bytes from the generator. */
export function seededBytes(next: () => number, length = 8): Buffer<ArrayBuffer> {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256);
  return bytes;
}
