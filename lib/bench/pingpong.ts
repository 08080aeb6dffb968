/**
 * The ping-pong measurement an SPMD program runs (rank 0 ↔ rank 1), on any
 * backend.
 *
 * @module
 */

import type { Communicator } from "../spmd/communicator.ts";
import { summarize } from "./stats.ts";

/** Message sizes of the MPI comparison: 8 B to 1 MiB. */
export const PING_PONG_SIZES = [
  8,
  64,
  512,
  4096,
  32768,
  65536,
  262144,
  1048576,
];

/** One size's result, as rank 0 measured it. */
export interface PingPongRow {
  sizeBytes: number;
  iterations: number;
  /** Median one-way latency (half the round trip), µs. */
  latencyUs: number;
  /** sizeBytes / one-way latency, in MB/s (10^6 bytes). */
  bandwidthMBps: number;
}

/**
 * Iterations per size: many for small messages, fewer for large ones, so a
 * whole sweep stays within a few seconds.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { pingPongIterations } from "./pingpong.ts";
 *
 * assertEquals(pingPongIterations(8, 1), 20_000);
 * assertEquals(pingPongIterations(1048576, 1), 50);
 * ```
 */
export function pingPongIterations(sizeBytes: number, scale: number): number {
  const base = Math.max(
    50,
    Math.min(20_000, Math.floor((64 << 20) / sizeBytes / 2)),
  );
  return Math.max(5, Math.round(base * scale));
}

/** How a ping-pong receives: into a buffer allocated once per size (like
 * mpi4py's `Recv(buf)`, the default), or a fresh buffer per message. */
export type PingPongReceive = "buffer" | "allocate";

/**
 * Rank 0 sends `size` bytes to rank 1, which sends them back; repeated per
 * size after a warm-up. Returns rank 0's rows (others return null). Other
 * ranks than 0 and 1 only wait. `scale` shrinks the iteration counts.
 * `receive` picks recvBytesInto with one buffer per size (what the class's
 * mpi4py ping-pong does with `Recv`) or recvBytes (a new buffer per message,
 * so allocation shows in the figures).
 *
 * @example Two inline ranks
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { spmdInline } from "../spmd/inline.ts";
 * import { pingPong } from "./pingpong.ts";
 *
 * const [rows] = await spmdInline(2, (comm) => pingPong(comm, [8], 0.01));
 * assertEquals(rows![0].sizeBytes, 8);
 * ```
 */
export async function pingPong(
  comm: Communicator,
  sizes: readonly number[] = PING_PONG_SIZES,
  scale = 1,
  receive: PingPongReceive = "buffer",
): Promise<PingPongRow[] | null> {
  if (comm.size < 2) {
    throw new RangeError("El ping-pong necesita 2 procesos (ranks)");
  }
  const rows: PingPongRow[] = [];
  for (const [index, size] of sizes.entries()) {
    const payload = new Uint8Array(size).fill(index);
    const incoming = new Uint8Array(size);
    const take = (source: number) =>
      receive === "buffer"
        ? comm.recvBytesInto(incoming, source, index)
        : comm.recvBytes(source, index);
    const iterations = pingPongIterations(size, scale);
    // A long warm-up: a JIT runtime (V8) reaches its optimized code, and
    // its fast FFI calls, only after a few thousand calls.
    const warmup = Math.max(2, Math.floor(iterations / 2));
    const samples: number[] = [];
    await comm.barrier();
    for (let i = 0; i < warmup + iterations; i++) {
      if (comm.rank === 0) {
        const started = performance.now();
        await comm.sendBytes(payload, 1, index);
        await take(1);
        if (i >= warmup) samples.push(performance.now() - started);
      } else if (comm.rank === 1) {
        const message = await take(0);
        await comm.sendBytes(message.data, 0, index);
      }
    }
    if (comm.rank === 0) {
      const latencyUs = summarize(samples).median * 1000 / 2;
      rows.push({
        sizeBytes: size,
        iterations,
        latencyUs,
        bandwidthMBps: size / latencyUs,
      });
    }
  }
  await comm.barrier();
  return comm.rank === 0 ? rows : null;
}
