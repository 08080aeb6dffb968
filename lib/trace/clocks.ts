/**
 * Logical clocks computed from a trace: pairing sends with receives, then
 * Lamport and vector clocks, and an order of the events that respects both
 * causality and the timestamps (the rows of the diagram).
 *
 * Pairing: a receive that names its transmission (`msg`) pairs with the send
 * of that `msg` (a duplicated packet: two receives of one send). Otherwise
 * the k-th receive on a channel pairs with the k-th send on it that was not
 * lost — exact on every FIFO channel (see `events.ts`).
 *
 * @module
 */

import type { Trace, TraceEvent, TraceMark } from "./events.ts";

/** An event with its clocks. */
export interface ClockedEvent extends TraceEvent {
  /** Index in the trace's events. */
  id: number;
  /** 1-based position among its process's events (the vector clock's own entry). */
  step: number;
  /** Lamport clock. */
  lamport: number;
  /** Vector clock: process → events of it this event knows of. */
  vector: Record<string, number>;
  /** Row in a causal order that follows the timestamps (0-based). */
  order: number;
  /** For a receive: the id of its send, when the trace has it. */
  sendId?: number;
}

/** A message: one send and the receives it produced (none: lost or out of the trace). */
export interface TraceMessage {
  /** The send event's id. */
  send: number;
  /** Receive event ids (two for a duplicated packet). */
  receives: number[];
  /** Sender. */
  from: string;
  /** Receiver, from the channel name. */
  to: string;
  /** The send's label. */
  label: string;
  /** The send's mark. */
  mark?: TraceMark;
}

/** A trace with its clocks. */
export interface ClockedTrace {
  /** Processes in order of first appearance. */
  processes: string[];
  /** Events in the trace's order, with clocks. */
  events: ClockedEvent[];
  /** Every send, with what became of it. */
  messages: TraceMessage[];
  /** Events left out by the recorder's cap. */
  omitted: number;
  /** Receives whose send is not in the trace (cut by the cap, or an untraced peer). */
  unmatchedReceives: number;
}

function receiverOf(channel: string | undefined): string {
  const at = channel?.indexOf("→") ?? -1;
  // A channel may carry a tag after "#" (SPMD: MPI pairs per source, destination and tag).
  return at >= 0 ? channel!.slice(at + 1).split("#")[0] : "?";
}

/** Pairs each receive with its send (by `msg`, else FIFO per channel). */
function pairReceives(events: readonly TraceEvent[]): Map<number, number> {
  const byMsg = new Map<number, number>();
  const sendsOn = new Map<string, number[]>();
  const receivesOn = new Map<string, number[]>();
  events.forEach((e, i) => {
    if (e.kind === "send" && e.msg !== undefined) byMsg.set(e.msg, i);
  });
  const pairs = new Map<number, number>();
  events.forEach((e, i) => {
    if (e.kind === "receive" && e.msg !== undefined) {
      const send = byMsg.get(e.msg);
      if (send !== undefined) pairs.set(i, send);
      return;
    }
    if (e.msg !== undefined || e.channel === undefined) return;
    if (e.kind === "send" && e.mark !== "lost") {
      sendsOn.set(e.channel, [...(sendsOn.get(e.channel) ?? []), i]);
    } else if (e.kind === "receive") {
      receivesOn.set(e.channel, [...(receivesOn.get(e.channel) ?? []), i]);
    }
  });
  for (const [channel, receives] of receivesOn) {
    const sends = sendsOn.get(channel) ?? [];
    receives.forEach((r, k) => {
      if (k < sends.length) pairs.set(r, sends[k]);
    });
  }
  return pairs;
}

/**
 * Computes Lamport and vector clocks and the diagram's row order.
 *
 * @example A message from a to b: send before receive, clocks merge
 * ```ts
 * import { clockTrace } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = clockTrace({ omitted: 0, cap: 10, events: [
 *   { process: "b", kind: "local", atMs: 0, label: "x" },
 *   { process: "a", kind: "send", channel: "a→b", atMs: 1, label: "m" },
 *   { process: "b", kind: "receive", channel: "a→b", atMs: 2, label: "m" },
 * ] });
 * assertEquals(t.events.map((e) => e.lamport), [1, 1, 2]);
 * assertEquals(t.events[2].vector, { a: 1, b: 2 });
 * assertEquals(t.messages[0].receives, [2]);
 * ```
 */
export function clockTrace(trace: Trace): ClockedTrace {
  const { events } = trace;
  const pairs = pairReceives(events);
  const processes: string[] = [];
  const queues = new Map<string, number[]>();
  events.forEach((e, i) => {
    if (!queues.has(e.process)) {
      processes.push(e.process);
      queues.set(e.process, []);
    }
    queues.get(e.process)!.push(i);
  });
  const clocked: (ClockedEvent | undefined)[] = new Array(events.length);
  const lamport = new Map<string, number>();
  const vectors = new Map<string, Record<string, number>>();
  const heads = new Map<string, number>(processes.map((p) => [p, 0]));
  let order = 0;
  const ready = (i: number) => {
    const send = pairs.get(i);
    return send === undefined || clocked[send] !== undefined;
  };
  // Kahn's algorithm, earliest timestamp first: a causal order close to real time.
  for (let placed = 0; placed < events.length; placed++) {
    let best = -1;
    for (const p of processes) {
      const queue = queues.get(p)!;
      const head = heads.get(p)!;
      if (head >= queue.length || !ready(queue[head])) continue;
      const i = queue[head];
      if (best < 0 || events[i].atMs < events[best].atMs) best = i;
    }
    if (best < 0) {
      throw new RangeError(
        "Traza inconsistente: cada proceso espera una recepción cuyo envío no puede ocurrir antes",
      );
    }
    const e = events[best];
    heads.set(e.process, heads.get(e.process)! + 1);
    const vector = { ...(vectors.get(e.process) ?? {}) };
    let clock = lamport.get(e.process) ?? 0;
    const sendId = pairs.get(best);
    if (sendId !== undefined) {
      const send = clocked[sendId]!;
      clock = Math.max(clock, send.lamport);
      for (const [p, n] of Object.entries(send.vector)) {
        vector[p] = Math.max(vector[p] ?? 0, n);
      }
    }
    clock++;
    vector[e.process] = (vector[e.process] ?? 0) + 1;
    lamport.set(e.process, clock);
    vectors.set(e.process, vector);
    clocked[best] = {
      ...e,
      id: best,
      step: vector[e.process],
      lamport: clock,
      vector,
      order: order++,
      ...(sendId === undefined ? {} : { sendId }),
    };
  }
  const all = clocked as ClockedEvent[];
  const messages: TraceMessage[] = all.filter((e) => e.kind === "send").map((
    e,
  ) => ({
    send: e.id,
    receives: all.filter((r) => r.sendId === e.id).map((r) => r.id),
    from: e.process,
    to: receiverOf(e.channel),
    label: e.label,
    ...(e.mark ? { mark: e.mark } : {}),
  }));
  return {
    processes,
    events: all,
    messages,
    omitted: trace.omitted,
    unmatchedReceives:
      all.filter((e) => e.kind === "receive" && e.sendId === undefined).length,
  };
}

/**
 * Whether `a` happened before `b` (a → b): b's vector clock has seen a.
 *
 * @example
 * ```ts
 * import { happenedBefore } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const a = { process: "a", step: 1, vector: { a: 1 } };
 * const b = { process: "b", step: 2, vector: { a: 1, b: 2 } };
 * assertEquals([happenedBefore(a, b), happenedBefore(b, a)], [true, false]);
 * ```
 */
export function happenedBefore(
  a: Pick<ClockedEvent, "process" | "step" | "vector">,
  b: Pick<ClockedEvent, "process" | "step" | "vector">,
): boolean {
  if (a.process === b.process) return a.step < b.step;
  return (b.vector[a.process] ?? 0) >= a.step;
}

/**
 * Whether neither event happened before the other (a ∥ b).
 *
 * @example
 * ```ts
 * import { concurrent } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(concurrent(
 *   { process: "a", step: 1, vector: { a: 1 } },
 *   { process: "b", step: 1, vector: { b: 1 } },
 * ), true);
 * ```
 */
export function concurrent(
  a: Pick<ClockedEvent, "process" | "step" | "vector">,
  b: Pick<ClockedEvent, "process" | "step" | "vector">,
): boolean {
  return !happenedBefore(a, b) && !happenedBefore(b, a) &&
    !(a.process === b.process && a.step === b.step);
}
