/**
 * The chapter's four-course averages, with each average computed in its own
 * process and left in POSIX shared memory (Python's `ShareableList`, done by
 * hand). Like the chapter, no lock is needed: each process writes only its
 * own slot. Unlike the chapter, the parent does not `join()` to learn the
 * results are there: it sleeps on a futex until the done-counter reaches N.
 *
 * Layout: a 32-bit done-counter at byte 0, then one float64 per course from
 * byte 8.
 *
 * @module
 */

import { spawnDenoChild } from "../transports/pipe.ts";
import { createSharedMemory } from "./shared_memory.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** Byte offset of the done-counter (the futex word). */
export const AVERAGES_COUNTER_OFFSET = 0;

/**
 * Byte offset of course `slot`'s average.
 *
 * @example
 * ```ts
 * import { averageSlotOffset } from "./averages.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(averageSlotOffset(0), 8);
 * assertEquals(averageSlotOffset(3), 32);
 * ```
 */
export function averageSlotOffset(slot: number): number {
  return 8 + 8 * slot;
}

/**
 * Computes one average per course, each in its own child process, through
 * shared memory, and reports how the parent learned them. Needs
 * `--allow-ffi` and `--allow-run`.
 *
 * @example Two courses
 * ```ts
 * import { averagesAcrossProcesses } from "./averages.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const result = await averagesAcrossProcesses([[1, 7], [4, 4, 4]]);
 * assertEquals(result.averages, [4, 4]);
 * ```
 */
export async function averagesAcrossProcesses(
  courses: readonly number[][],
  timeoutMs = 20_000,
): Promise<{
  /** One average per course, in order. */
  averages: number[];
  /** The shared memory region's name (`/dev/shm/…`). */
  regionName: string;
  /** Calls to futex(WAIT) the parent made. */
  waits: number;
  /**
   * Of those, the ones that slept in the OS kernel (woken or timed out);
   * the rest returned at once because the counter had already changed.
   */
  slept: number;
  /** Wall time of the whole run, children included, in ms. */
  elapsedMs: number;
}> {
  if (courses.length === 0 || courses.some((c) => c.length === 0)) {
    throw new RangeError("Cada curso necesita al menos una nota");
  }
  const start = performance.now();
  const size = averageSlotOffset(courses.length);
  using region = createSharedMemory(size);
  const children = courses.map((grades, slot) =>
    spawnDenoChild(new URL("./children/average_child.ts", import.meta.url), {
      permissionFlags: ["--allow-ffi"],
      args: [region.name, String(size), String(slot), grades.join(",")],
    })
  );
  const counter = new Int32Array(
    region.bytes.buffer,
    AVERAGES_COUNTER_OFFSET,
    1,
  );
  let waits = 0;
  let slept = 0;
  try {
    const deadline = performance.now() + timeoutMs;
    while (true) {
      const done = Atomics.load(counter, 0);
      if (done >= courses.length) break;
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new Deno.errors.TimedOut(
          `Solo llegaron ${formatNumber(done)} de ${
            formatNumber(courses.length)
          } promedios`,
        );
      }
      waits++;
      const how = await region.waitWhile(
        AVERAGES_COUNTER_OFFSET,
        done,
        Math.min(left, 1000),
      );
      if (how !== "not-equal") slept++;
    }
    const averages = courses.map((_, slot) =>
      new Float64Array(region.bytes.buffer, averageSlotOffset(slot), 1)[0]
    );
    return {
      averages,
      regionName: region.name,
      waits,
      slept,
      elapsedMs: performance.now() - start,
    };
  } finally {
    await Promise.all(children.map((c) => c.close()));
  }
}
