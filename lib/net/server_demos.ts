/**
 * Runnable demonstrations of the connection server for notebook 07: many
 * clients at once, and clients that misbehave. They return plain rows so a
 * cell only has to show them.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { requestEcho, serveEcho } from "./echo.ts";
import { encodeFrame } from "../wire/frame.ts";

/** One row of {@linkcode measureConcurrentClients}. */
type ConcurrencyRow = Awaited<
  ReturnType<typeof measureConcurrentClients>
>[number];

/**
 * Starts an echo server bounded to `maxConnections` and sends it `clients`
 * concurrent clients, for each count: one row per count.
 *
 * @example
 * ```ts
 * import { measureConcurrentClients } from "./server_demos.ts";
 * import { assert } from "@std/assert";
 *
 * const [row] = await measureConcurrentClients([20], 8);
 * assert(row.allAnswered && row.peakActive <= 8);
 * ```
 */
export async function measureConcurrentClients(
  counts: readonly number[],
  maxConnections: number,
): Promise<{
  /** Clients launched at once. */
  clients: number;
  /** The server's bound on open connections. */
  maxConnections: number;
  /** Wall time until every client had its echo, in ms. */
  totalMs: number;
  /** Most connections open at the same time. */
  peakActive: number;
  /** Whether every client got its own message back. */
  allAnswered: boolean;
}[]> {
  const rows: ConcurrencyRow[] = [];
  for (const clients of counts) {
    await using server = await serveEcho({ maxConnections });
    const start = performance.now();
    const replies = await Promise.all(
      Array.from(
        { length: clients },
        (_, i) =>
          requestEcho({
            port: server.port,
            message: `c${i}`,
            timeoutMs: 20_000,
          }),
      ),
    );
    rows.push({
      clients,
      maxConnections,
      totalMs: performance.now() - start,
      peakActive: server.stats().peakActive,
      allAnswered: replies.every((r, i) => r === `c${i}`),
    });
  }
  return rows;
}

/**
 * Four bad clients (garbage, oversized length, half a frame then gone, and
 * silence) and one good client against one echo server; reports what the
 * server saw.
 *
 * @example
 * ```ts
 * import { misbehavingClientsDemo } from "./server_demos.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = await misbehavingClientsDemo();
 * assertEquals(report.goodReplies, ["hola 1", "hola 2", "hola 3"]);
 * assertEquals(report.timedOut, 1);
 * ```
 */
export async function misbehavingClientsDemo(): Promise<{
  /** Replies of the well-behaved client, sent while the others misbehaved. */
  goodReplies: string[];
  /** One row per failed connection: which client, which typed error. */
  failures: { cliente: string; error: string }[];
  /** Clients cut for being idle too long. */
  timedOut: number;
}> {
  const server = await serveEcho({ maxFrameBytes: 1024, idleTimeoutMs: 200 });
  const names = new Map<string, string>();
  const open: Deno.TcpConn[] = [];
  const connect = async (name: string) => {
    const conn = await Deno.connect({
      hostname: "127.0.0.1",
      port: server.port,
    });
    names.set(`${conn.localAddr.hostname}:${conn.localAddr.port}`, name);
    open.push(conn);
    return conn;
  };
  try {
    await (await connect("basura (texto HTTP)")).write(
      new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"),
    );
    await (await connect("largo de 2 KiB (límite 1 KiB)")).write(
      encodeFrame(new Uint8Array(2048)).subarray(0, 4),
    );
    const half = await connect("medio mensaje y se va");
    await half.write(encodeFrame(new Uint8Array(100)).subarray(0, 50));
    half.close();
    open.splice(open.indexOf(half), 1);
    await connect("callado");
    const goodReplies: string[] = [];
    for (let i = 1; i <= 3; i++) {
      goodReplies.push(
        await requestEcho({ port: server.port, message: `hola ${i}` }),
      );
    }
    // Let the idle timeout cut the silent client (bounded: 50 × 20 ms).
    for (let i = 0; i < 50 && server.stats().timedOut === 0; i++) {
      await delay(20);
    }
    return {
      goodReplies,
      failures: server.failures.map((f) => ({
        cliente: names.get(f.remote) ?? f.remote,
        error: `${(f.error as Error).name}: ${(f.error as Error).message}`,
      })),
      timedOut: server.stats().timedOut,
    };
  } finally {
    for (const conn of open) {
      try {
        conn.close();
      } catch {
        // Closed by the server already.
      }
    }
    await server.stop();
  }
}
