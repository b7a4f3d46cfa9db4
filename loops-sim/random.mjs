// Seeded randomness, so fault probabilities and generated IDs repeat run to run.
import { createHash } from 'node:crypto';

/** next(): mulberry32 floats in [0, 1). newId(): "c" + 24 base36 chars, like Loops' cuids. */
export function createRandom(seed) {
  let a = seed >>> 0;
  let counter = 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    newId() {
      counter += 1;
      const digest = createHash('sha256').update(`${seed}:${counter}`).digest('hex');
      return 'c' + BigInt('0x' + digest).toString(36).padStart(24, '0').slice(-24);
    },
  };
}
