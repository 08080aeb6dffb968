/**
 * The workshop's task protocol (Taller §1.1), wire-compatible with its Python.
 *
 * The server hands each connecting client a task (an arithmetic expression as
 * UTF-8 text); the client computes it and answers with the result's text,
 * then closes; the server keeps a bounded window of recent results, each under
 * its own sequence id (a client's address is reused once its port is free
 * again), and totals of everything it ever stored.
 *
 * The workshop's wire has **no framing**: the client takes whatever one
 * `recv(1024)` returns as the task, and the server takes one `recv(1024)` as
 * the result. That only works because each side sends one short message and
 * waits; the kit speaks it by default (so the class's programs and the kit's
 * interoperate) and reads the result until the client's FIN, which is exact.
 * `framed: true` switches both sides to the 4-byte length prefix.
 *
 * The client never `eval`s: tasks go through {@linkcode evaluateArithmetic}.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { textCodec } from "../wire/codec.ts";
import { ProtocolError } from "../wire/errors.ts";
import { framedDuplex } from "../wire/framed.ts";
import { evaluateArithmetic } from "./arithmetic.ts";
import { type ClientOptions, withClientConn } from "./client.ts";
import {
  type ConnectionServer,
  type ConnectionServerOptions,
  serveConnections,
} from "./server.ts";
import {
  TASK_KEEP_RESULT_BYTES,
  TASK_KEEP_RESULTS,
  type TaskResult,
  type TaskResultTotals,
  TaskResultWindow,
} from "./task_results.ts";

export {
  TASK_KEEP_RESULT_BYTES,
  TASK_KEEP_RESULTS,
  type TaskResult,
  type TaskResultTotals,
};

/** Default port of the workshop's task server. */
export const TASK_DEFAULT_PORT = 65432;

/** Bytes the class's programs read in one `recv` (and the kit's unframed client). */
export const UNFRAMED_RECV_BYTES = 1024;

/**
 * Starts the task server.
 *
 * Memory stays bounded against any number of clients: only the newest
 * `keepResults` results (and at most `keepResultBytes` of them) are kept in
 * `results`; `resultTotals()` counts them all.
 *
 * @example The kit's client against the kit's server
 * ```ts
 * import { runTaskClient, serveTasks } from "./task.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = await serveTasks({ tasks: ["2 + 2"] });
 * const outcome = await runTaskClient({ port: server.port });
 * assertEquals(outcome, { task: "2 + 2", result: "4" });
 * await server.waitForResults(1);
 * assertEquals([...server.results.values()].map((r) => r.result), ["4"]);
 * assertEquals(server.resultTotals(), { stored: 1, bytes: 1, evicted: 0 });
 * ```
 */
export async function serveTasks(
  options: ConnectionServerOptions & {
    /** Tasks handed out in order, cycling (the workshop gives everyone "2 + 2"). */
    tasks: readonly string[];
    /** Use the 4-byte length prefix instead of the workshop's unframed wire. */
    framed?: boolean;
    /** Largest result accepted (default 64 KiB); more is a `ProtocolError`. */
    maxResultBytes?: number;
    /** Newest results kept in `results` (default {@linkcode TASK_KEEP_RESULTS}; 0 keeps none). */
    keepResults?: number;
    /** Most bytes of results kept in `results` (default {@linkcode TASK_KEEP_RESULT_BYTES}). */
    keepResultBytes?: number;
    /** Told what happened on the server, for logs and notebooks. */
    onEvent?: (
      event:
        | { kind: "connected"; remote: string; task: string }
        | {
          kind: "result";
          remote: string;
          task: string;
          result: string;
          id: number;
        }
        | { kind: "error"; remote: string; error: unknown },
    ) => void;
  },
): Promise<
  ConnectionServer & {
    /** The newest results, by sequence id, oldest first (a bounded window). */
    readonly results: ReadonlyMap<number, TaskResult>;
    /** Counts of every result stored so far, evicted ones included. */
    resultTotals(): TaskResultTotals;
    /**
     * Resolves once `count` results were stored in all (a client's answer
     * lands a moment after the client itself is done); rejects after
     * `timeoutMs` (default 5000) with a `WaitTimeoutError`.
     */
    waitForResults(count: number, timeoutMs?: number): Promise<void>;
  }
> {
  if (options.tasks.length === 0) {
    throw new RangeError("El servidor de tareas necesita al menos una tarea");
  }
  const maxResultBytes = options.maxResultBytes ?? 64 * 1024;
  const window = new TaskResultWindow({
    keepResults: options.keepResults,
    keepResultBytes: options.keepResultBytes,
  });
  let next = 0;
  const server = await serveConnections(options, async (conn, { remote }) => {
    const task = options.tasks[next++ % options.tasks.length];
    options.onEvent?.({ kind: "connected", remote, task });
    try {
      let resultBytes: Uint8Array;
      if (options.framed) {
        const duplex = framedDuplex(conn, { maxFrameBytes: maxResultBytes });
        await duplex.send(textCodec.encode(task));
        const reply = await duplex.receive();
        if (reply === null) {
          throw new ProtocolError("El cliente cerró sin enviar un resultado");
        }
        resultBytes = reply;
      } else {
        await writeAll(conn, textCodec.encode(task));
        resultBytes = await readUntilEnd(conn, maxResultBytes);
      }
      const result = textCodec.decode(resultBytes);
      const id = window.store(remote, task, resultBytes);
      options.onEvent?.({ kind: "result", remote, task, result, id });
    } catch (error) {
      options.onEvent?.({ kind: "error", remote, error });
      throw error;
    }
  });
  return Object.assign(server, {
    results: window.results,
    resultTotals: () => window.totals(),
    waitForResults: (count: number, timeoutMs = 5000) =>
      window.waitFor(count, timeoutMs),
  });
}

async function writeAll(
  conn: { write(bytes: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    offset += await conn.write(bytes.subarray(offset));
  }
}

/**
 * Reads until the peer's FIN; more than `maxBytes` is a `ProtocolError`.
 *
 * @example
 * ```ts
 * import { readUntilEnd } from "./task.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const chunks = [new Uint8Array([1, 2]), new Uint8Array([3])];
 * const source = {
 *   read(buffer: Uint8Array) {
 *     const chunk = chunks.shift();
 *     if (!chunk) return Promise.resolve(null);
 *     buffer.set(chunk);
 *     return Promise.resolve(chunk.length);
 *   },
 * };
 * assertEquals([...await readUntilEnd(source, 10)], [1, 2, 3]);
 * ```
 */
export async function readUntilEnd(
  conn: { read(buffer: Uint8Array): Promise<number | null> },
  maxBytes: number,
): Promise<Uint8Array> {
  const buffer = new Uint8Array(maxBytes + 1);
  let filled = 0;
  while (true) {
    const n = await conn.read(buffer.subarray(filled));
    if (n === null) return buffer.slice(0, filled);
    filled += n;
    if (filled > maxBytes) {
      throw new ProtocolError(
        `El resultado supera el máximo de ${formatNumber(maxBytes)} bytes`,
      );
    }
  }
}

/**
 * Solves one task as the client answers it: the number's text, or
 * `Error: <reason>` (the workshop's client sends `f"Error: {e}"` too).
 *
 * @example
 * ```ts
 * import { solveTask } from "./task.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(solveTask("3 * (2 + 5)"), "21");
 * assertEquals(solveTask("1 / 0"), "Error: División por cero");
 * ```
 */
export function solveTask(task: string): string {
  try {
    return String(evaluateArithmetic(task.trim()));
  } catch (error) {
    return `Error: ${(error as Error).message}`;
  }
}

/**
 * The workshop's client: connect, receive one task, answer, close.
 *
 * @example Framed mode on both sides
 * ```ts
 * import { runTaskClient, serveTasks } from "./task.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = await serveTasks({ tasks: ["-(1 + 2) × 4"], framed: true });
 * const outcome = await runTaskClient({ port: server.port, framed: true });
 * assertEquals(outcome.result, "-12");
 * ```
 */
export function runTaskClient(
  options: ClientOptions & {
    /** Use the 4-byte length prefix instead of the workshop's unframed wire. */
    framed?: boolean;
    /**
     * How to compute the result (default {@linkcode solveTask}); may be async
     * (a task that waits, like the workshop's `time.sleep`).
     */
    solve?: (task: string) => string | Promise<string>;
  } = {},
): Promise<{
  /** The task the server handed out. */
  task: string;
  /** What the client answered. */
  result: string;
}> {
  const solve = options.solve ?? solveTask;
  return withClientConn(options, async (conn) => {
    await using duplex = framedDuplex(conn);
    let task: string;
    if (options.framed) {
      const message = await duplex.receive();
      if (message === null) {
        throw new ProtocolError("El servidor cerró sin enviar una tarea");
      }
      task = textCodec.decode(message);
    } else {
      // Faithful to the workshop: whatever one read returns is "the task".
      const buffer = new Uint8Array(UNFRAMED_RECV_BYTES);
      const n = await conn.read(buffer);
      if (n === null) {
        throw new ProtocolError("El servidor cerró sin enviar una tarea");
      }
      task = textCodec.decode(buffer.subarray(0, n));
    }
    const result = await solve(task);
    if (options.framed) await duplex.send(textCodec.encode(result));
    else await writeAll(conn, textCodec.encode(result));
    return { task, result };
  }, TASK_DEFAULT_PORT);
}
