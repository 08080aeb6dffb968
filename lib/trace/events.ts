/**
 * The raw material of a message trace: what each process did, in the order
 * it did it, with no clocks yet.
 *
 * A recorder stores one event per send, receive or local happening (a worker
 * dying, a barrier). Logical clocks are not put on the wire — the class's
 * Python peers must keep reading the same bytes — so they are computed
 * afterwards from the trace (`clocks.ts`): the k-th receive on a channel is
 * paired with the k-th send on it. That pairing is exact for every FIFO
 * channel: a byte stream (TCP, Unix socket, pipe, FIFO) with its framing and
 * a MessagePort deliver whole messages in the order they were sent. Links
 * that lose, duplicate or reorder (the simulated lossy link) name the
 * message instead: each event carries the id of the transmission it belongs
 * to.
 *
 * @module
 */

/** What marks a message (or an event) as out of the ordinary. */
export type TraceMark =
  | "lost"
  | "duplicate"
  | "retransmission"
  | "redelivery"
  | "died";

/** One thing a process did. */
export interface TraceEvent {
  /** The process (or thread, rank, worker) that did it, as the diagram names it. */
  process: string;
  /** A message left, a message arrived, or something happened inside the process. */
  kind: "send" | "receive" | "local";
  /** Where a message went or came from: `"origen→destino"` (sends and receives). */
  channel?: string;
  /** Explicit pairing: a receive with `msg` pairs with the send with the same `msg`. */
  msg?: number;
  /** Milliseconds, monotonic within a process and comparable across processes of one machine. */
  atMs: number;
  /** Size of the message in bytes (sends and receives). */
  bytes?: number;
  /** Short Spanish label shown beside the arrow or the event. */
  label: string;
  /** What makes it special, if anything. */
  mark?: TraceMark;
}

/** A trace: the events kept, in recording order, and how many were left out. */
export interface Trace {
  /** Events in the order they were recorded (per process this is program order). */
  events: TraceEvent[];
  /** Events not kept because the recorder's cap was reached. */
  omitted: number;
  /** The recorder's cap. */
  cap: number;
}

/** Default cap of a recorder: enough for every demonstration, bounded memory. */
export const DEFAULT_TRACE_CAP = 2000;

/**
 * A timestamp comparable across the threads and processes of one machine:
 * `performance.timeOrigin + performance.now()` (monotonic inside a process;
 * each Worker or process has its own origin, which this sum cancels).
 *
 * @example
 * ```ts
 * import { traceNow } from "./events.ts";
 * import { assert } from "@std/assert";
 *
 * const a = traceNow();
 * assert(traceNow() >= a);
 * ```
 */
export function traceNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The channel name of messages from `from` to `to`. */
export function channelOf(from: string, to: string): string {
  return `${from}→${to}`;
}

/**
 * Collects events, up to a cap. Past the cap it only counts what it left
 * out, and the diagram and exports say so ("recortado: N eventos omitidos").
 *
 * @example Two processes, one message, a cap of 2
 * ```ts
 * import { TraceRecorder } from "./events.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const recorder = new TraceRecorder({ cap: 2 });
 * recorder.send("padre", "hijo", 5, "hola");
 * recorder.receive("hijo", "padre", 5, "hola");
 * recorder.local("hijo", "fin");
 * const trace = recorder.trace();
 * assertEquals(trace.events.map((e) => e.kind), ["send", "receive"]);
 * assertEquals(trace.omitted, 1);
 * ```
 */
export class TraceRecorder {
  /** Events kept at most. */
  readonly cap: number;
  #events: TraceEvent[] = [];
  #omitted = 0;
  #clock: () => number;

  /** A recorder keeping at most `cap` events (default {@linkcode DEFAULT_TRACE_CAP}). */
  constructor(options: { cap?: number; clock?: () => number } = {}) {
    const cap = options.cap ?? DEFAULT_TRACE_CAP;
    if (!Number.isInteger(cap) || cap < 1) {
      throw new RangeError(
        `El tope de una traza debe ser un entero ≥ 1, no ${cap}`,
      );
    }
    this.cap = cap;
    this.#clock = options.clock ?? traceNow;
  }

  /** The recorder's clock now (what `send`/`receive`/`local` stamp). */
  now(): number {
    return this.#clock();
  }

  /** Stores an event as given (its `atMs` too); returns whether it was kept. */
  add(event: TraceEvent): boolean {
    if (this.#events.length >= this.cap) {
      this.#omitted++;
      return false;
    }
    this.#events.push(event);
    return true;
  }

  /** `process` sent `bytes` to `to`. */
  send(
    process: string,
    to: string,
    bytes: number,
    label: string,
    extra: { msg?: number; mark?: TraceMark } = {},
  ): boolean {
    return this.add({
      process,
      kind: "send",
      channel: channelOf(process, to),
      atMs: this.#clock(),
      bytes,
      label,
      ...extra,
    });
  }

  /** `process` received `bytes` from `from`. */
  receive(
    process: string,
    from: string,
    bytes: number,
    label: string,
    extra: { msg?: number; mark?: TraceMark } = {},
  ): boolean {
    return this.add({
      process,
      kind: "receive",
      channel: channelOf(from, process),
      atMs: this.#clock(),
      bytes,
      label,
      ...extra,
    });
  }

  /** Something happened inside `process` (no message). */
  local(process: string, label: string, mark?: TraceMark): boolean {
    return this.add({
      process,
      kind: "local",
      atMs: this.#clock(),
      label,
      ...(mark ? { mark } : {}),
    });
  }

  /** The events so far (a copy) and the count left out. */
  trace(): Trace {
    return { events: [...this.#events], omitted: this.#omitted, cap: this.cap };
  }
}

/**
 * Joins traces recorded apart (a child process's, each Worker rank's) into
 * one; events keep their per-process order.
 *
 * @example
 * ```ts
 * import { mergeTraces } from "./events.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const a = { events: [{ process: "a", kind: "local" as const, atMs: 1, label: "x" }], omitted: 0, cap: 5 };
 * const b = { events: [], omitted: 2, cap: 5 };
 * const merged = mergeTraces([a, b]);
 * assertEquals([merged.events.length, merged.omitted, merged.cap], [1, 2, 10]);
 * ```
 */
export function mergeTraces(traces: readonly Trace[]): Trace {
  return {
    events: traces.flatMap((t) => t.events),
    omitted: traces.reduce((n, t) => n + t.omitted, 0),
    cap: traces.reduce((n, t) => n + t.cap, 0),
  };
}
