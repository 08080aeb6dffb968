/**
 * Nagle's algorithm meeting the receiver's delayed ACK, measured on
 * loopback. A client that writes a frame's 4-byte prefix and its body in two
 * writes, then waits for the reply, stalls from the second message of a
 * reused connection on: the body waits (Nagle) for the ACK of the prefix, and
 * the server, which has nothing to send yet, delays that ACK. Which socket
 * sets `TCP_NODELAY` decides whether the stall goes away, so each setup here
 * sets it explicitly on both ends. Sentences about the figures are in
 * `nagle_sentences.ts`.
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";
import { summarize } from "../bench/stats.ts";
import { TruncatedFrameError } from "../wire/errors.ts";

/** One way of sending the class's "waku waku" frame and waiting for its echo. */
export type NagleSetup =
  | "nagle-both"
  | "server-nodelay"
  | "client-nodelay"
  | "one-write"
  | "new-connection";

/** Every setup, in the order {@linkcode measureNagleSetups} runs them. */
export const NAGLE_SETUPS: readonly NagleSetup[] = [
  "nagle-both",
  "server-nodelay",
  "client-nodelay",
  "one-write",
  "new-connection",
];

/** What each setup does (the client's writes; `TCP_NODELAY` per end). */
const PLAN: Record<
  NagleSetup,
  { twoWrites: boolean; serverNoDelay: boolean; clientNoDelay: boolean }
> = {
  "nagle-both": { twoWrites: true, serverNoDelay: false, clientNoDelay: false },
  "server-nodelay": {
    twoWrites: true,
    serverNoDelay: true,
    clientNoDelay: false,
  },
  "client-nodelay": {
    twoWrites: true,
    serverNoDelay: false,
    clientNoDelay: true,
  },
  "one-write": { twoWrites: false, serverNoDelay: false, clientNoDelay: false },
  "new-connection": {
    twoWrites: true,
    serverNoDelay: false,
    clientNoDelay: false,
  },
};

/** The round trips of one setup, in milliseconds. */
export interface NagleFigures {
  /** The setup measured. */
  setup: NagleSetup;
  /** Every round trip in order (for `new-connection`, connect to close). */
  samplesMs: number[];
  /** Median of the round trips after the first (all of them for
   * `new-connection`, where every message is a first one). */
  medianMs: number;
}

async function readExactly(
  conn: Deno.Conn,
  into: Uint8Array,
  phase: "prefix" | "body",
): Promise<void> {
  let got = 0;
  while (got < into.length) {
    const n = await conn.read(into.subarray(got));
    if (n === null) throw new TruncatedFrameError(phase, into.length - got);
    got += n;
  }
}

/** Echoes frames like the class's server: read prefix, read body, one write. */
async function echoFrames(conn: Deno.TcpConn, noDelay: boolean): Promise<void> {
  conn.setNoDelay(noDelay);
  const prefix = new Uint8Array(4);
  for (;;) {
    try {
      await readExactly(conn, prefix, "prefix");
    } catch {
      return; // the client closed: this connection is done
    }
    const body = new Uint8Array(new DataView(prefix.buffer).getUint32(0));
    await readExactly(conn, body, "body");
    const reply = new Uint8Array(4 + body.length);
    reply.set(prefix);
    reply.set(body, 4);
    await conn.write(reply);
  }
}

async function measureSetup(
  setup: NagleSetup,
  roundTrips: number,
  timeoutMs: number,
): Promise<NagleFigures> {
  const plan = PLAN[setup];
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.TcpConn>();
  const served: Promise<void>[] = [];
  const accepting = (async () => {
    for (;;) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
      } catch {
        return; // the listener was closed
      }
      open.add(conn);
      served.push(
        // Whoever removes it from `open` closes it: never twice.
        echoFrames(conn, plan.serverNoDelay).catch(() => {}).finally(() => {
          if (open.delete(conn)) conn.close();
        }),
      );
    }
  })();
  const body = new TextEncoder().encode("waku waku");
  const frame = new Uint8Array(4 + body.length);
  new DataView(frame.buffer).setUint32(0, body.length);
  frame.set(body, 4);
  const reply = new Uint8Array(frame.length);
  const exchange = async (conn: Deno.TcpConn) => {
    if (plan.twoWrites) {
      await conn.write(frame.subarray(0, 4));
      await conn.write(frame.subarray(4));
    } else {
      await conn.write(frame);
    }
    await readExactly(conn, reply, "body");
  };
  const connect = async () => {
    const conn = await Deno.connect({
      hostname: "127.0.0.1",
      port: listener.addr.port,
    });
    conn.setNoDelay(plan.clientNoDelay);
    return conn;
  };
  const clients: Deno.TcpConn[] = [];
  const samplesMs: number[] = [];
  try {
    let shared: Deno.TcpConn | null = null;
    for (let i = 0; i < roundTrips; i++) {
      const t0 = performance.now();
      if (setup === "new-connection") {
        const conn = await deadline(connect(), timeoutMs, "la conexión");
        clients.push(conn);
        await deadline(exchange(conn), timeoutMs, "el eco de «waku waku»");
        conn.close();
        clients.pop();
      } else {
        if (shared === null) {
          shared = await deadline(connect(), timeoutMs, "la conexión");
          clients.push(shared);
        }
        await deadline(exchange(shared), timeoutMs, "el eco de «waku waku»");
      }
      samplesMs.push(performance.now() - t0);
    }
  } finally {
    for (const conn of clients) conn.close();
    listener.close();
    await accepting;
    for (const conn of [...open]) {
      open.delete(conn);
      conn.close();
    }
    await Promise.all(served);
  }
  const counted = setup === "new-connection" ? samplesMs : samplesMs.slice(1);
  return { setup, samplesMs, medianMs: summarize(counted).median };
}

/**
 * Measures, on 127.0.0.1, the round trip of the class's "waku waku" frame
 * in each {@linkcode NagleSetup}: two writes (prefix, then body) and a read on
 * one reused connection with Nagle on both ends, with `TCP_NODELAY` only on
 * the server, only on the client; one write per frame; and the class's own
 * client, a new connection per message. Each wait is bounded by `timeoutMs`
 * (a `WaitTimeoutError` past it); every socket is closed before returning.
 *
 * @example The stall needs a reused connection; server-side NODELAY keeps it
 * ```ts
 * import { measureNagleSetups } from "./nagle.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const figures = await measureNagleSetups({ roundTrips: 3 });
 * assertEquals(figures.map((f) => f.samplesMs.length), [3, 3, 3, 3, 3]);
 * const by = Object.fromEntries(figures.map((f) => [f.setup, f.medianMs]));
 * // Linux delays the ACK by at least 40 ms once a connection is interactive.
 * assert(by["nagle-both"] > 20 && by["server-nodelay"] > 20);
 * assert(by["client-nodelay"] < by["nagle-both"] / 2);
 * ```
 */
export async function measureNagleSetups(options: {
  /** Round trips per setup, the first included (at least 2; default 5). */
  roundTrips?: number;
  /** Bound on each connection and each round trip, ms (default 2000). */
  timeoutMs?: number;
} = {}): Promise<NagleFigures[]> {
  const roundTrips = options.roundTrips ?? 5;
  const timeoutMs = options.timeoutMs ?? 2000;
  if (!Number.isInteger(roundTrips) || roundTrips < 2) {
    throw new RangeError(
      `Hacen falta al menos 2 idas y vueltas por configuración (llegó ${roundTrips})`,
    );
  }
  const figures: NagleFigures[] = [];
  for (const setup of NAGLE_SETUPS) {
    figures.push(await measureSetup(setup, roundTrips, timeoutMs));
  }
  return figures;
}
