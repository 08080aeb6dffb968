/**
 * The class's claim "creating a thread is lighter than creating a process"
 * tested where the class makes it: with Python's own threads and processes
 * (the kit's small probe, os_creation_probe.py). A Python thread is a bare
 * operating-system thread; `os.fork()` makes a new process that copies the
 * parent's address space (copy-on-write); `multiprocessing.Process` adds
 * its own machinery on top. A Deno Worker is none of these: it is an OS
 * thread *plus* a new V8 isolate with its own event loop and module graph,
 * which is why the notebook measures it separately.
 *
 * @module
 */

import { runProcess } from "./child.ts";

/** Why it exists: creation samples from the class's language, in ms. */
export interface PythonCreationSamples {
  /** `threading.Thread(target=noop)`: start() to join(). */
  thread: number[];
  /** `os.fork()` of a child that exits at once: fork to waitpid(). */
  fork: number[];
  /** `multiprocessing.Process(target=noop)`: start() to join(). */
  process: number[];
  /** multiprocessing's start method on this machine ("fork", "spawn", "forkserver"). */
  startMethod: string;
  /** The Python version that ran the probe. */
  python: string;
}

const PROBE = decodeURIComponent(
  new URL("./os_creation_probe.py", import.meta.url).pathname,
);

/**
 * Checks and types what the probe printed.
 *
 * @example
 * ```ts
 * import { parsePythonCreation } from "./os_creation.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const ok = '{"thread":[0.1],"fork":[1],"process":[5],"startMethod":"fork","python":"3.11.2"}';
 * assertEquals(parsePythonCreation(ok).fork, [1]);
 * assertThrows(() => parsePythonCreation('{"thread":[]}'), SyntaxError);
 * ```
 */
export function parsePythonCreation(text: string): PythonCreationSamples {
  const data = JSON.parse(text) as Record<string, unknown>;
  const samples = (key: string): number[] => {
    const v = data[key];
    if (
      !Array.isArray(v) || v.length === 0 ||
      !v.every((x) => typeof x === "number" && x >= 0)
    ) {
      throw new SyntaxError(
        `La sonda de Python no entregó muestras válidas de "${key}"`,
      );
    }
    return v;
  };
  return {
    thread: samples("thread"),
    fork: samples("fork"),
    process: samples("process"),
    startMethod: String(data.startMethod ?? "?"),
    python: String(data.python ?? "?"),
  };
}

/**
 * Runs the Python probe: `count` creations of each kind (after two
 * untimed ones), timed inside Python with `time.perf_counter`.
 *
 * @example A Python thread, a fork and a multiprocessing.Process, timed
 * ```ts
 * import { measureCreationInPython } from "./os_creation.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const m = await measureCreationInPython({ count: 3 });
 * assertEquals([m.thread.length, m.fork.length, m.process.length], [3, 3, 3]);
 * assert(m.thread.every((ms) => ms > 0));
 * ```
 */
export async function measureCreationInPython(
  options: { count?: number; python?: string; timeoutMs?: number } = {},
): Promise<PythonCreationSamples> {
  const count = options.count ?? 20;
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw new RangeError(
      `La cantidad debe ser un entero entre 1 y 1000, no ${count}`,
    );
  }
  const exit = await runProcess(
    options.python ?? "python3",
    [PROBE, String(count)],
    { timeoutMs: options.timeoutMs ?? 60_000 },
  );
  if (!exit.success) {
    throw new Error(
      `La sonda de Python falló (código ${exit.code}): ${
        exit.stderr.trim().slice(-300)
      }`,
    );
  }
  return parsePythonCreation(exit.stdout);
}
