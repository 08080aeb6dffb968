/**
 * The code `deno task bench:curso` runs both in a kernel cell and under
 * `deno run` to time a thread's start-up the same way in both places.
 *
 * @module
 */

/** Milliseconds per start, kit thread and raw Worker. */
export interface ProbeSamples {
  /** `spawnThread(() => 1).join()` through the kit (warm in a kernel). */
  kit: number[];
  /** `new Worker` from a blob and one echoed message (always cold). */
  raw: number[];
}

const THREAD_MODULE = new URL("../process/thread.ts", import.meta.url).href;

/**
 * The probe's source: imports the kit by absolute URL (a kernel cell has no
 * `import.meta`), lets a kernel's warm pool fill, then times four starts of
 * each kind and prints one `SONDA {…}` line.
 *
 * @example The probe names the kit's thread module
 * ```ts
 * import { probeSource } from "./startup_probe.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * assertStringIncludes(probeSource(), "process/thread.ts");
 * assertStringIncludes(probeSource(), "SONDA ");
 * ```
 */
export function probeSource(): string {
  return `import { spawnThread } from ${JSON.stringify(THREAD_MODULE)};
await new Promise((r) => setTimeout(r, 2000));
const echo = URL.createObjectURL(new Blob(["self.onmessage = (e) => self.postMessage(e.data);"], { type: "text/javascript" }));
const kit: number[] = [];
const raw: number[] = [];
for (let i = 0; i < 4; i++) {
  let t = performance.now();
  await spawnThread(() => 1, { name: "sonda", args: [] }).join();
  kit.push(performance.now() - t);
  t = performance.now();
  const w = new Worker(echo, { type: "module" });
  await new Promise((r) => { w.onmessage = r; w.postMessage(1); });
  w.terminate();
  raw.push(performance.now() - t);
  await new Promise((r) => setTimeout(r, 1200));
}
URL.revokeObjectURL(echo);
console.log("SONDA " + JSON.stringify({ kit, raw }));
`;
}

/**
 * The median of some samples (the mean of the middle two for an even count).
 *
 * @example
 * ```ts
 * import { median } from "./startup_probe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(median([5, 1, 3]), 3);
 * assertEquals(median([4, 1, 3, 2]), 2.5);
 * ```
 */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) {
    throw new RangeError("No hay muestras de las que sacar la mediana");
  }
  const sorted = samples.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
