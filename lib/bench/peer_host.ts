/**
 * Starts a bench peer on a Worker thread and follows it to its end.
 *
 * @module
 */

import type { RingChannelBuffers } from "../fast/ring.ts";
import { withTimeout } from "../util/deadline.ts";
import type { BenchPeerTally } from "./protocol.ts";
import { startWorker } from "../util/warm_workers.ts";

/** What the harness asks a peer worker to serve. */
export type PeerRequest =
  | { kind: "tcp"; port: number }
  | { kind: "port"; port: MessagePort }
  | { kind: "ring"; buffers: RingChannelBuffers };

/** What a peer worker reports back. */
export type PeerReport =
  | { type: "ready" }
  | { type: "done"; tally: BenchPeerTally }
  | { type: "error"; message: string };

/**
 * A running peer worker. Exists so every worker-backed pair waits for its
 * peer and terminates it the same bounded way.
 */
export interface PeerWorker {
  /** Resolves once the peer is connected; rejects if it failed. */
  readonly ready: Promise<void>;
  /** Waits (bounded) for the peer to finish, then terminates the worker. */
  finish(timeoutMs?: number): Promise<BenchPeerTally | null>;
}

/**
 * Starts `peer_worker.ts` and sends it `request`.
 *
 * @example A TCP peer on a worker
 * ```ts
 * import { startPeerWorker } from "./peer_host.ts";
 * import { listenTcp } from "../transports/tcp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = listenTcp();
 * const peer = startPeerWorker({ kind: "tcp", port: listener.addr.port });
 * const duplex = await listener.accept();
 * await peer.ready;
 * await duplex.send(new Uint8Array([5]));
 * assertEquals([...(await duplex.receive())!], [5]);
 * await duplex.close();
 * assertEquals((await peer.finish())?.echoed, 1);
 * ```
 */
export function startPeerWorker(
  request: PeerRequest,
  transfer: Transferable[] = [],
): PeerWorker {
  const worker = startWorker(new URL("./peer_worker.ts", import.meta.url));
  let markReady!: () => void;
  let failReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => {});
  let markDone!: (tally: BenchPeerTally | null) => void;
  const done = new Promise<BenchPeerTally | null>((r) => (markDone = r));
  worker.onmessage = (event: MessageEvent<PeerReport>) => {
    const report = event.data;
    if (report.type === "ready") markReady();
    else if (report.type === "done") markDone(report.tally);
    else {
      const error = new Error(
        `El otro extremo de la medición falló: ${report.message}`,
      );
      failReady(error);
      markDone(null);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failReady(
      new Error(`El otro extremo de la medición se cayó: ${event.message}`),
    );
    markDone(null);
  };
  worker.postMessage(request, transfer);
  return {
    ready,
    async finish(timeoutMs = 5_000) {
      try {
        return await withTimeout(
          done,
          timeoutMs,
          "que el otro extremo de la medición terminara",
        );
      } catch {
        return null;
      } finally {
        worker.terminate();
      }
    },
  };
}
