/**
 * `spmd(n, program)`: the Worker backend's launcher.
 *
 * @module
 */

import { isAbsolute, resolve, toFileUrl } from "@std/path";
import { SpmdRankError, SpmdTimeoutError } from "./errors.ts";
import { createMesh } from "./mesh.ts";
import type { RankMessage, RankStart } from "./worker_protocol.ts";

/** Options of {@linkcode spmd}. */
export interface SpmdOptions {
  /** Bound of the whole run, in ms (default 60000). */
  timeoutMs?: number;
  /** Bound of each receive/collective inside a rank (default: timeoutMs). */
  waitTimeoutMs?: number;
  /** What `spmdArgs()` returns inside the ranks (like a program's argv). */
  args?: string[];
  /** Called with each captured line as it arrives (e.g. a terminal). */
  onLine?: (line: SpmdLine) => void;
}

/** One line a rank printed with console.log/error. */
export interface SpmdLine {
  rank: number;
  stream: "stdout" | "stderr";
  text: string;
}

/** What one rank produced. */
export interface SpmdRankReport {
  rank: number;
  /** The text of every line it printed, in order. */
  lines: string[];
  /** The value its program returned (structured-cloned). */
  result: unknown;
}

/** The outcome of a run: per-rank reports and all lines in arrival order. */
export interface SpmdRun {
  size: number;
  ranks: SpmdRankReport[];
  lines: SpmdLine[];
  /** Wall time from starting the Workers to the last rank's end. */
  elapsedMs: number;
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
 * level (see run.ts). Console output of the ranks is captured and returned
 * (and streamed to `onLine`). If any rank throws, the run rejects with a
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
  options: SpmdOptions = {},
): Promise<SpmdRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const programUrl = resolveProgramUrl(program);
  const mesh = createMesh(n);
  const started = performance.now();
  const ranks: SpmdRankReport[] = mesh.map((_, rank) => ({
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
          `SPMD run of ${n} ranks did not finish within ${timeoutMs} ms (still running: ranks ${
            waiting.join(", ")
          })`,
          timeoutMs,
          `the SPMD run of ${n} ranks`,
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
        finish(new SpmdRankError(rank, event.message ?? "Worker error"));
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
