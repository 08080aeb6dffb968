/**
 * A small seeded pseudo-random generator (mulberry32).
 *
 * Randomized tests and the lossy-link simulator must be reproducible: a run
 * prints its seed, and the same seed replays the same choices.
 *
 * @module
 */

/** A seeded source of pseudo-random numbers. */
export interface SeededRandom {
  /** The seed it was created from (print it to replay a run). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
}

/**
 * Creates a generator from a 32-bit seed.
 *
 * @example The same seed gives the same sequence
 * ```ts
 * import { seededRandom } from "./random.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const a = seededRandom(42);
 * const b = seededRandom(42);
 * assertEquals([a.next(), a.int(1, 6)], [b.next(), b.int(1, 6)]);
 * ```
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed: seed >>> 0,
    next,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`Rango de enteros inválido: [${min}; ${max}]`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
  };
}

/**
 * A seed from the environment variable `KIT_SEED` when set (to replay a
 * failing run), else a fresh random one.
 *
 * @example
 * ```ts
 * import { seedFromEnv } from "./random.ts";
 * import { assert } from "@std/assert";
 *
 * assert(Number.isInteger(seedFromEnv()));
 * ```
 */
export function seedFromEnv(): number {
  let fromEnv: string | undefined;
  try {
    fromEnv = Deno.env.get("KIT_SEED");
  } catch {
    fromEnv = undefined;
  }
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) {
    return Number(fromEnv) >>> 0;
  }
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
