/**
 * The IPC chapter's exercise 3 ("which is best: pipes, Unix sockets or
 * queues?") answered with a measurement: the same echo round trip over each
 * mechanism of notebooks 03–05, measured on this machine when called.
 *
 * Every mechanism is a `MessageDuplex`, so one loop measures them all; only
 * how the two ends are created differs. Mechanisms are named by ASCII id
 * (`"pipe"`, `"unix"`…); the Spanish label a chart shows comes from
 * `MECHANISM_LABELS` in mechanism_labels.ts.
 *
 * @module
 */

import { measureRoundTrips, type RoundTripResult } from "./round_trip.ts";
import { echoUntilClosed } from "../wire/echo.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { connectUnix, listenUnix } from "../transports/unix.ts";
import { connectTcp, listenTcp } from "../transports/tcp.ts";
import { spawnDenoChild } from "../transports/pipe.ts";
import { createFifoPair, openFifoDuplex } from "../transports/fifo.ts";
import { spawnWorkerDuplex } from "../transports/worker_duplex.ts";
import { startRingEchoWorker } from "../transports/ring_worker.ts";
import { startRingEchoWorker as startFastRingEchoWorker } from "../fast/ring_worker.ts";
import {
  type MechanismId,
  mechanismId,
  mechanismLabel,
} from "./mechanism_labels.ts";

/** The mechanisms of notebooks 03–05's comparison, by id, in chart order. */
export const COMPARED_MECHANISMS = [
  "pipe",
  "fifo",
  "unix",
  "port",
  "ring",
] as const satisfies readonly MechanismId[];

/**
 * Mechanisms that can also be asked for, outside the default comparison of
 * notebooks 03–05: TCP (chapter 07's, beside the Unix socket) and the fast
 * tier's ring (notebook 05 sets it beside the teaching ring it explains).
 */
export const EXTRA_COMPARED_MECHANISMS = [
  "tcp",
  "ring-fast",
] as const satisfies readonly MechanismId[];

/** A measured mechanism. */
export interface MechanismMeasurement {
  /** The mechanism's ASCII id, e.g. `"pipe"`. */
  id: MechanismId;
  /** Its Spanish label, what a chart or table shows (from `MECHANISM_LABELS`). */
  mechanism: string;
  /** Its echo round trips. */
  result: RoundTripResult;
}

/** Echoes on `server` while `use` measures `client`; closes both, whatever happens. */
async function withLocalEcho(
  client: MessageDuplex,
  server: MessageDuplex,
  use: (duplex: MessageDuplex) => Promise<RoundTripResult>,
): Promise<RoundTripResult> {
  const echo = echoUntilClosed(server);
  try {
    return await use(client);
  } finally {
    await client.close();
    await echo.catch(() => 0);
    await server.close();
  }
}

async function withEchoPeer(
  mechanism: MechanismId,
  use: (duplex: MessageDuplex) => Promise<RoundTripResult>,
): Promise<RoundTripResult> {
  const transports = new URL("../transports/", import.meta.url);
  switch (mechanism) {
    case "pipe": {
      await using child = spawnDenoChild(
        new URL("children/echo_child.ts", transports),
      );
      return await use(child);
    }
    case "fifo": {
      await using fifos = await createFifoPair();
      const [server, client] = await Promise.all([
        openFifoDuplex(fifos.requests, fifos.replies),
        openFifoDuplex(fifos.replies, fifos.requests),
      ]);
      return await withLocalEcho(client, server, use);
    }
    case "unix": {
      using listener = await listenUnix();
      const accepted = listener.accept();
      const client = await connectUnix({ path: listener.path });
      const server = await accepted;
      return await withLocalEcho(client, server, use);
    }
    case "tcp": {
      using listener = listenTcp();
      const accepted = listener.accept();
      const client = await connectTcp({ port: listener.addr.port });
      const server = await accepted;
      return await withLocalEcho(client, server, use);
    }
    case "port": {
      await using worker = spawnWorkerDuplex(
        new URL("workers/echo_worker.ts", transports),
      );
      return await use(worker);
    }
    case "ring": {
      await using ring = await startRingEchoWorker();
      return await use(ring.duplex);
    }
    case "ring-fast": {
      await using ring = await startFastRingEchoWorker();
      return await use(ring.duplex);
    }
  }
}

/**
 * Measures echo round trips over each mechanism (sequentially, so they do
 * not compete for the cores); default: {@linkcode COMPARED_MECHANISMS}.
 *
 * @example Two mechanisms, a few round trips
 * ```ts
 * import { compareMechanisms } from "./mechanism_comparison.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const rows = await compareMechanisms({
 *   count: 20,
 *   sizeBytes: 32,
 *   mechanisms: ["unix", "port"],
 * });
 * assertEquals(rows.map((r) => r.result.summary.count), [20, 20]);
 * assertEquals(rows.map((r) => r.mechanism), ["socket Unix", "MessagePort (hilo)"]);
 * ```
 */
export async function compareMechanisms(options: {
  /** Timed round trips per mechanism (default 300). */
  count?: number;
  /** Message size in bytes (default 64). */
  sizeBytes?: number;
  /** Untimed round trips first (default 30). */
  warmup?: number;
  /** Which mechanisms, in order (default {@linkcode COMPARED_MECHANISMS}). */
  mechanisms?: readonly MechanismId[];
} = {}): Promise<MechanismMeasurement[]> {
  const measured: MechanismMeasurement[] = [];
  const ids = (options.mechanisms ?? COMPARED_MECHANISMS).map(mechanismId);
  for (const id of ids) {
    const result = await withEchoPeer(
      id,
      (duplex) =>
        measureRoundTrips(duplex, {
          count: options.count ?? 300,
          warmup: options.warmup ?? 30,
          sizeBytes: options.sizeBytes ?? 64,
        }),
    );
    measured.push({ id, mechanism: mechanismLabel(id), result });
  }
  return measured;
}
