/**
 * Hostile clients for loopback experiments against the kit's servers: a
 * reset flood, slowloris senders, silent connections, and the good client's
 * timed probe. Every one is bounded (a count, a duration, a deadline) and
 * closes what it opened; only 127.0.0.1 is used.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { deadline } from "../util/deadline.ts";
import { requestEcho } from "./echo.ts";
import { CLASS_PYTHON } from "./python_interop.ts";

/**
 * Connects and resets (RST, `SO_LINGER` 0) about `perSecond` times a second
 * for `durationMs`. Deno cannot set `SO_LINGER`, so a Python child does it;
 * it is killed if it outlives the duration by 10 s. Resolves with how many
 * resets were sent and how many connects failed.
 *
 * @example A short burst
 * ```ts
 * import { resetFlood } from "./attack_clients.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const flood = await resetFlood(listener.addr.port, { perSecond: 100, durationMs: 100 });
 * assertEquals(flood.sent > 0 && flood.failed === 0, true);
 * ```
 */
export async function resetFlood(
  port: number,
  options: { perSecond: number; durationMs: number },
): Promise<{ sent: number; failed: number }> {
  const { perSecond, durationMs } = options;
  if (!(perSecond > 0 && perSecond <= 10_000 && durationMs >= 0)) {
    throw new RangeError(
      "resetFlood necesita 0 < perSecond <= 10.000 y durationMs >= 0",
    );
  }
  const script = `
import socket, struct, time
sent = failed = 0
t0 = time.monotonic()
while time.monotonic() - t0 < ${durationMs / 1000}:
    try:
        s = socket.create_connection(("127.0.0.1", ${port}), timeout=1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        sent += 1
    except OSError:
        failed += 1
    time.sleep(max(0.0, t0 + (sent + failed) / ${perSecond} - time.monotonic()))
print(sent, failed)
`;
  const child = new Deno.Command(CLASS_PYTHON, {
    args: ["-c", script],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const out = await deadline(
      child.output(),
      durationMs + 10_000,
      "los RST del ataque",
    );
    const [sent, failed] = new TextDecoder().decode(out.stdout).trim().split(
      " ",
    ).map(Number);
    return { sent: sent || 0, failed: failed || 0 };
  } finally {
    try {
      child.kill();
    } catch {
      // Already exited.
    }
  }
}

/** Resolves once the server closed `conn` (EOF or reset) — or `conn` was closed here. */
async function closedByServer(conn: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(256);
  try {
    while ((await conn.read(buffer)) !== null) { /* discard */ }
  } catch {
    // A reset, or our own close: both end the wait.
  }
}

/** Hostile connections held open until `stop()`, and what the server did to them. */
export interface HeldConnections {
  /** Connections that got through `connect`. */
  readonly opened: number;
  /** Of those, how many the server has closed so far. */
  readonly closedByServer: number;
  /** Stops sending and closes every connection (waits for the readers). */
  stop(): Promise<void>;
}

/**
 * Opens `count` connections (each connect bounded by 3 s) that are either
 * silent or slowloris: a length prefix announcing 1000 bytes, then one body
 * byte every `byteEveryMs` to each, until the server closes it or `stop()`.
 *
 * @example Silent connections cut by the server's idle clock
 * ```ts
 * import { holdConnections } from "./attack_clients.ts";
 * import { serveEcho } from "./echo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = await serveEcho({ idleTimeoutMs: 100 });
 * const held = await holdConnections(server.port, 3, { kind: "silent" });
 * for (let i = 0; i < 100 && held.closedByServer < 3; i++) {
 *   await new Promise((r) => setTimeout(r, 20));
 * }
 * await held.stop();
 * assertEquals([held.opened, held.closedByServer], [3, 3]);
 * ```
 */
export async function holdConnections(
  port: number,
  count: number,
  options: { kind: "silent" | "slowloris"; byteEveryMs?: number },
): Promise<HeldConnections> {
  const conns: Deno.TcpConn[] = [];
  const closed = new Set<Deno.TcpConn>();
  const readers: Promise<void>[] = [];
  let stopped = false;
  const opening = Array.from({ length: count }, async () => {
    const connect = Deno.connect({ hostname: "127.0.0.1", port });
    try {
      const conn = await deadline(connect, 3_000, "un connect hostil");
      conns.push(conn);
      readers.push(
        closedByServer(conn).then(() => {
          if (!stopped) closed.add(conn); // not our own close in stop()
        }),
      );
    } catch {
      // Not even connected (backlog full): late ones are closed below.
      connect.then((late) => late.close(), () => {});
    }
  });
  await Promise.all(opening);
  const prefix = new Uint8Array([0, 0, 3, 232]); // 1000, big-endian
  const trickling = options.kind === "slowloris"
    ? (async () => {
      let sent = 0;
      // Bounded: at most the prefix and the 1000 body bytes it announces.
      while (!stopped && sent < 4 + 1000) {
        const byte = sent < 4 ? prefix.subarray(sent, sent + 1) : prefix
          .subarray(0, 1);
        for (const conn of conns) {
          if (!closed.has(conn)) conn.write(byte).catch(() => {});
        }
        sent++;
        await delay(sent < 4 ? 0 : options.byteEveryMs ?? 100);
      }
    })()
    : Promise.resolve();
  return {
    get opened() {
      return conns.length;
    },
    get closedByServer() {
      return closed.size;
    },
    async stop() {
      stopped = true;
      await trickling;
      for (const conn of conns) {
        try {
          conn.close();
        } catch {
          // Closed already.
        }
      }
      await Promise.all(readers);
    },
  };
}

/**
 * One good client's echo: how long it took in ms, or `null` when it failed
 * or took longer than `timeoutMs`.
 *
 * @example A probe against a healthy server
 * ```ts
 * import { probeEcho } from "./attack_clients.ts";
 * import { serveEcho } from "./echo.ts";
 * import { assert } from "@std/assert";
 *
 * await using server = await serveEcho();
 * const ms = await probeEcho(server.port, 5_000);
 * assert(ms !== null && ms >= 0);
 * ```
 */
export async function probeEcho(
  port: number,
  timeoutMs: number,
): Promise<number | null> {
  const start = performance.now();
  try {
    const reply = await requestEcho({ port, message: "sonda", timeoutMs });
    return reply === "sonda" ? performance.now() - start : null;
  } catch {
    return null;
  }
}
