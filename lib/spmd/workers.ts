/**
 * `spmd(n, program)`: the Worker backend's launcher.
 *
 * @module
 */

import { isAbsolute, resolve, toFileUrl } from "@std/path";
import { SpmdRankError, SpmdTimeoutError } from "./errors.ts";
import { createMesh } from "./mesh.ts";
import type { RankMessage, RankStart } from "./worker_protocol.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** The outcome of a run: per-rank reports and all lines in arrival order. */
export interface SpmdRun {
  /** How many ranks ran. */
  size: number;
  /** What each rank produced, in rank order. */
  ranks: {
    /** The rank's number. */
    rank: number;
    /** The text of every line it printed, in order. */
    lines: string[];
    /** The value its program returned (structured-cloned). */
    result: unknown;
  }[];
  /** Every line the ranks printed with console.log/error, as it arrived. */
  lines: {
    /** Which rank printed it. */
    rank: number;
    /** console.log prints to stdout, console.error to stderr. */
    stream: "stdout" | "stderr";
    /** The line, without its newline. */
    text: string;
  }[];
  /** Wall time from starting the Workers to the last rank's end. */
  elapsedMs: number;
}

/** One line a rank printed with console.log/error. */
export type SpmdLine = SpmdRun["lines"][number];

/** Options of {@linkcode spmdOnWorkers}. */
export interface SpmdWorkerOptions {
  /** Bound of the whole run, in ms (default 60000). */
  timeoutMs?: number;
  /** Bound of each receive/collective inside a rank (default: timeoutMs). */
  waitTimeoutMs?: number;
  /** What `spmdArgs()` returns inside the ranks (like a program's argv). */
  args?: string[];
  /** Called with each captured line as it arrives (e.g. a terminal). */
  onLine?: (line: SpmdLine) => void;
}

/**
 * Resolves a program given as a URL, a file URL string or a path (relative
 * to the current directory — a notebook's folder in the kernel).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { resolveProgramUrl } from "./workers.ts";
 *
 * assertEquals(resolveProgramUrl("file:///tmp/p.ts"), "file:///tmp/p.ts");
 * assertEquals(resolveProgramUrl("/tmp/p.ts"), "file:///tmp/p.ts");
 * ```
 */
export function resolveProgramUrl(program: string | URL): string {
  if (program instanceof URL) return program.href;
  if (/^(file|https?|data):/.test(program)) return program;
  return toFileUrl(isAbsolute(program) ? program : resolve(program)).href;
}

/**
 * Runs the module at `program` as `n` ranks, each in its own Worker, joined
 * pairwise by MessageChannels. The program calls `runSpmd(...)` at its top
 * level (see run.ts). Console output of the ranks is captured and returned.
 * If any rank throws, the run rejects with a
 * {@linkcode SpmdRankError} carrying that rank's message; if the run
 * exceeds `timeoutMs` it rejects with an {@linkcode SpmdTimeoutError}. In
 * every case all Workers are terminated before the promise settles.
 *
 * @example Two ranks of the class's "Waku Waku"
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { spmd } from "./workers.ts";
 *
 * const run = await spmd(2, new URL("../programs/waku_waku.ts", import.meta.url));
 * assertEquals(run.ranks[1].lines, ["Proceso 1 recibió: Waku Waku"]);
 * ```
 */
export function spmd(
  n: number,
  program: string | URL,
  options: {
    /** Bound of the whole run, and of each wait inside a rank, in ms (default 60000). */
    timeoutMs?: number;
    /** What `spmdArgs()` returns inside the ranks (like a program's argv). */
    args?: string[];
  } = {},
): Promise<SpmdRun> {
  return spmdOnWorkers(n, program, options);
}

/**
 * {@linkcode spmd} with the knobs a terminal and the tests need: each
 * captured line streamed to `onLine` as it arrives, and a bound on each
 * wait inside a rank separate from the whole run's.
 *
 * @example Lines arrive at `onLine` as the ranks print them
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { type SpmdLine, spmdOnWorkers } from "./workers.ts";
 *
 * const seen: SpmdLine[] = [];
 * await spmdOnWorkers(2, new URL("../programs/waku_waku.ts", import.meta.url), {
 *   onLine: (line) => seen.push(line),
 * });
 * assertEquals(seen.map((l) => l.text).sort(), [
 *   "Proceso 0 envía mensaje",
 *   "Proceso 1 recibió: Waku Waku",
 * ]);
 * ```
 */
export function spmdOnWorkers(
  n: number,
  program: string | URL,
  options: SpmdWorkerOptions = {},
): Promise<SpmdRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const programUrl = resolveProgramUrl(program);
  const mesh = createMesh(n);
  const started = performance.now();
  const ranks: SpmdRun["ranks"] = mesh.map((_, rank) => ({
    rank,
    lines: [],
    result: undefined,
  }));
  const lines: SpmdLine[] = [];
  const workers: Worker[] = [];
  return new Promise<SpmdRun>((resolvePromise, rejectPromise) => {
    const finished = new Set<number>();
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const worker of workers) worker.terminate();
      for (const row of mesh) for (const port of row) port?.close();
      if (error) rejectPromise(error);
      else {
        resolvePromise({
          size: n,
          ranks,
          lines,
          elapsedMs: performance.now() - started,
        });
      }
    };
    const timer = setTimeout(() => {
      const waiting = ranks.map((r) => r.rank).filter((r) => !finished.has(r));
      finish(
        new SpmdTimeoutError(
          `La ejecución SPMD de ${n} procesos no terminó en ${
            formatNumber(timeoutMs)
          } ms (siguen corriendo los ranks ${waiting.join(", ")})`,
          timeoutMs,
          `la ejecución SPMD de ${n} procesos`,
        ),
      );
    }, timeoutMs);
    const entry = new URL("./worker_entry.ts", import.meta.url);
    for (let rank = 0; rank < n; rank++) {
      const worker = new Worker(entry, { type: "module" });
      workers.push(worker);
      worker.onmessage = (event: MessageEvent<RankMessage>) => {
        const message = event.data;
        if (message.type === "line") {
          const line = { rank, stream: message.stream, text: message.text };
          lines.push(line);
          ranks[rank].lines.push(message.text);
          options.onLine?.(line);
        } else if (message.type === "done") {
          ranks[rank].result = message.result;
          finished.add(rank);
          if (finished.size === n) finish();
        } else {
          finish(new SpmdRankError(rank, message.message, message.stack));
        }
      };
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        finish(new SpmdRankError(rank, event.message ?? "error del Worker"));
      };
      const ports = mesh[rank];
      const start: RankStart = {
        rank,
        ports,
        programUrl,
        args: options.args ?? [],
        timeoutMs: options.waitTimeoutMs ?? timeoutMs,
      };
      worker.postMessage(start, ports.filter((p) => p !== null));
    }
  });
}
