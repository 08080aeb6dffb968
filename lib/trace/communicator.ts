/**
 * Tracing an SPMD communicator at its own level: point-to-point messages as
 * they are, and each collective as what it means — `bcast` and `scatter`
 * as arrows from the root to every rank, `gather` and `reduce` as arrows
 * from every rank to the root, `allreduce` and `barrier` as arrows between
 * every pair. That is the causality a collective guarantees, not the
 * messages a backend really exchanges (Open MPI may use a tree); the doc
 * of the diagram says so.
 *
 * Pairing is FIFO per (source, destination, tag): MPI's non-overtaking rule.
 * Each rank records in its own recorder (a Worker or a process cannot share
 * one); `traceLines`/`parseTraceLines` bring the traces together.
 *
 * @module
 */

import {
  ANY_SOURCE,
  ANY_TAG,
  type Communicator,
  type ReduceOp,
} from "../spmd/communicator.ts";
import type { TraceRecorder } from "./events.ts";
import { clipLabel, escapeLabel, messageLabel } from "./label.ts";

/** The name a rank has in a diagram: the class's "proceso N". */
export function rankName(rank: number): string {
  return `proceso ${rank}`;
}

const encoder = new TextEncoder();
const sizeOf = (value: unknown) =>
  encoder.encode(JSON.stringify(value) ?? "").length;
const short = (value: unknown) =>
  clipLabel(escapeLabel(JSON.stringify(value) ?? "?"), 12);

/**
 * Wraps `comm` so every message and collective lands in `recorder`.
 *
 * @example Two ranks in one thread: a bcast, then a reduce
 * ```ts
 * import { traceCommunicator } from "./communicator.ts";
 * import { TraceRecorder } from "./events.ts";
 * import { clockTrace } from "./clocks.ts";
 * import { spmdInline } from "../spmd/inline.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const recorder = new TraceRecorder();
 * await spmdInline(2, async (raw) => {
 *   const comm = traceCommunicator(raw, recorder);
 *   const x = await comm.bcast(comm.rank === 0 ? 7 : undefined);
 *   return await comm.reduce(x + comm.rank, "sum");
 * });
 * const t = clockTrace(recorder.trace());
 * assertEquals(t.messages.map((m) => `${m.from}→${m.to} ${m.receives.length}`).sort(), [
 *   "proceso 0→proceso 1 1",
 *   "proceso 1→proceso 0 1",
 * ]);
 * ```
 */
export function traceCommunicator(
  comm: Communicator,
  recorder: TraceRecorder,
): Communicator {
  const me = rankName(comm.rank);
  const others = Array.from({ length: comm.size }, (_, i) => i).filter((i) =>
    i !== comm.rank
  );
  const counts = new Map<string, number>();
  const nextCall = (kind: string) => {
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    return `#${kind}${n}`;
  };
  const sendTo = (dest: number, bytes: number, label: string, tag: string) =>
    recorder.send(me, rankName(dest) + tag, bytes, label);
  const receive = (source: number, bytes: number, label: string, tag: string) =>
    recorder.add({
      process: me,
      kind: "receive",
      channel: `${rankName(source)}→${me}${tag}`,
      atMs: recorder.now(),
      bytes,
      label,
    });
  const fanOut = async <T>(
    kind: string,
    label: string,
    bytes: number,
    root: number,
    call: () => Promise<T>,
  ) => {
    const tag = nextCall(kind);
    if (comm.rank === root) {
      for (const i of others) sendTo(i, bytes, label, tag);
    }
    const result = await call();
    // A non-root rank only knows the value once it arrives: label it with that.
    if (comm.rank !== root) {
      receive(root, sizeOf(result), `${kind} ${short(result)}`, tag);
    }
    return result;
  };
  const fanIn = async <T>(
    kind: string,
    label: string,
    bytes: number,
    root: number,
    call: () => Promise<T>,
  ) => {
    const tag = nextCall(kind);
    if (comm.rank !== root) sendTo(root, bytes, label, tag);
    const result = await call();
    if (comm.rank === root) {
      for (const i of others) receive(i, bytes, kind, tag);
    }
    return result;
  };
  const allToAll = async <T>(
    kind: string,
    label: string,
    bytes: number,
    call: () => Promise<T>,
  ) => {
    const tag = nextCall(kind);
    for (const i of others) sendTo(i, bytes, label, tag);
    const result = await call();
    for (const i of others) receive(i, bytes, kind, tag);
    return result;
  };
  const traced: Communicator = {
    rank: comm.rank,
    size: comm.size,
    backend: comm.backend,
    async sendBytes(data, dest, tag = 0) {
      sendTo(dest, data.length, messageLabel(data), `#t${tag}`);
      await comm.sendBytes(data, dest, tag);
    },
    async recvBytes(source = ANY_SOURCE, tag = ANY_TAG) {
      const got = await comm.recvBytes(source, tag);
      receive(
        got.source,
        got.data.length,
        messageLabel(got.data),
        `#t${got.tag}`,
      );
      return got;
    },
    async recvBytesInto(buffer, source = ANY_SOURCE, tag = ANY_TAG) {
      const got = await comm.recvBytesInto(buffer, source, tag);
      receive(
        got.source,
        got.data.length,
        messageLabel(got.data),
        `#t${got.tag}`,
      );
      return got;
    },
    async send(value, dest, tag = 0) {
      sendTo(dest, sizeOf(value), short(value), `#t${tag}`);
      await comm.send(value, dest, tag);
    },
    async recv<T>(source = ANY_SOURCE, tag = ANY_TAG) {
      const got = await comm.recv<T>(source, tag);
      receive(got.source, sizeOf(got.data), short(got.data), `#t${got.tag}`);
      return got;
    },
    barrier: () => allToAll("barrera", "barrera", 0, () => comm.barrier()),
    bcast: <T>(value: T | undefined, root = 0) =>
      fanOut(
        "bcast",
        `bcast ${short(value)}`,
        sizeOf(value),
        root,
        () => comm.bcast(value, root),
      ),
    scatter: <T>(values: readonly T[] | undefined, root = 0) =>
      fanOut(
        "scatter",
        "scatter",
        sizeOf(values),
        root,
        () => comm.scatter(values, root),
      ),
    gather: <T>(value: T, root = 0) =>
      fanIn(
        "gather",
        `gather ${short(value)}`,
        sizeOf(value),
        root,
        () => comm.gather(value, root),
      ),
    reduce:
      ((value: number | readonly number[], op: ReduceOp, root = 0) =>
        fanIn(
          "reduce",
          `reduce ${short(value)}`,
          sizeOf(value),
          root,
          () => comm.reduce(value as number, op, root),
        )) as Communicator["reduce"],
    allreduce: ((value: number | readonly number[], op: ReduceOp) =>
      allToAll(
        "allreduce",
        `allreduce ${short(value)}`,
        sizeOf(value),
        () => comm.allreduce(value as number, op),
      )) as Communicator["allreduce"],
  };
  return traced;
}
