/**
 * What it costs to create a process versus a thread, measured on this
 * machine: the class says thread creation is lighter because no new address
 * space is set up. Each sample is one creation, timed from the request to
 * the first sign of life: a child process's exit (it does nothing), or a
 * Worker's first message. Samples are raw milliseconds; summarise them with
 * lib/bench's `summarize`.
 *
 * @module
 */

import { runProcess } from "../process/child.ts";
import { spawnDenoModule } from "../process/reporting_child.ts";
import { withJoinTimeout } from "../process/timing.ts";

/** Options of the creation measurements. */
export interface CreationOptions {
  /** How many creations to time (default 20). */
  count?: number;
  /** Untimed creations first, to warm caches (default 2). */
  warmup?: number;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    throw new RangeError(
      `count debe ser un entero entre 1 y 10.000, no ${count}`,
    );
  }
}

/**
 * Times spawn-to-exit of a program that does nothing (default `true`).
 *
 * @example
 * ```ts
 * import { measureProcessCreation } from "./creation_cost.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const ms = await measureProcessCreation({ count: 3, warmup: 0 });
 * assertEquals(ms.length, 3);
 * assert(ms.every((v) => v > 0));
 * ```
 */
export async function measureProcessCreation(
  options: CreationOptions & { program?: string; args?: string[] } = {},
): Promise<number[]> {
  const count = options.count ?? 20;
  checkCount(count);
  const program = options.program ?? "true";
  const samples: number[] = [];
  for (let i = -(options.warmup ?? 2); i < count; i++) {
    const start = performance.now();
    const exit = await runProcess(program, options.args ?? [], {
      captureOutput: false,
    });
    const elapsed = performance.now() - start;
    if (!exit.success) {
      throw new Error(`${program} terminó con código ${exit.code}`);
    }
    if (i >= 0) samples.push(elapsed);
  }
  return samples;
}

async function timeOneWorker(): Promise<number> {
  const start = performance.now();
  const worker = new Worker(
    new URL("../process/hello_worker.ts", import.meta.url),
    {
      type: "module",
    },
  );
  try {
    await withJoinTimeout(
      new Promise<void>((resolve, reject) => {
        worker.onmessage = () => resolve();
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Error(`El Worker de saludo falló: ${event.message}`));
        };
      }),
      10_000,
      "el Worker de saludo",
    );
    return performance.now() - start;
  } finally {
    worker.terminate();
  }
}

/**
 * Times Worker creation to its first message.
 *
 * @example
 * ```ts
 * import { measureThreadCreation } from "./creation_cost.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals((await measureThreadCreation({ count: 2, warmup: 0 })).length, 2);
 * ```
 */
export async function measureThreadCreation(
  options: CreationOptions = {},
): Promise<number[]> {
  const count = options.count ?? 20;
  checkCount(count);
  const samples: number[] = [];
  for (let i = -(options.warmup ?? 2); i < count; i++) {
    const elapsed = await timeOneWorker();
    if (i >= 0) samples.push(elapsed);
  }
  return samples;
}

/**
 * Times Worker creation inside a fresh, plain `deno run` (no notebook
 * kernel around it), returning that program's samples.
 *
 * @example One timed Worker (after the probe's two warm-up ones)
 * ```ts
 * import { measureThreadCreationInFreshDeno } from "./creation_cost.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const ms = await measureThreadCreationInFreshDeno({ count: 1 });
 * assertEquals(ms.length, 1);
 * assert(ms[0] > 0);
 * ```
 */
export async function measureThreadCreationInFreshDeno(
  options: { count?: number } = {},
): Promise<number[]> {
  const count = options.count ?? 20;
  checkCount(count);
  await using probe = spawnDenoModule(
    new URL("./creation_probe.ts", import.meta.url),
    [String(count)],
    // reading lib/ lets it load the hello worker (lib/process); nothing else
    [`--allow-read=${
      decodeURIComponent(new URL("..", import.meta.url).pathname)
    }`],
  );
  const exit = await probe.join(60_000);
  if (!exit.success) {
    throw new Error(`La sonda de creación falló: ${exit.stderr.trim()}`);
  }
  const samples = JSON.parse(exit.stdout) as unknown;
  if (
    !Array.isArray(samples) || !samples.every((v) => typeof v === "number")
  ) {
    throw new SyntaxError(
      "La sonda de creación no imprimió una lista de números",
    );
  }
  return samples;
}
