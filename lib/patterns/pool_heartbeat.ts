/**
 * The worker pool's heartbeat: how a worker shows it is still alive while it
 * works, and how the parent notices one that stopped answering.
 *
 * A dead worker is easy to see: its pipe or port ends. A *stuck* one is not:
 * a child process stopped with SIGSTOP, or a Worker caught in a synchronous
 * loop, keeps its channel open and simply never answers. So while a worker
 * holds a task it sends a small "alive" message every
 * {@linkcode POOL_HEARTBEAT_MS}, from a timer: the timer only fires when the
 * worker's event loop runs, so silence means the worker is not running (or
 * is inside one long synchronous computation — which is why the parent's
 * bound must exceed the longest synchronous part of any task).
 *
 * The worker beats only while it is busy (no `receive()` pending): an idle
 * worker waits for the parent, and beats nobody reads would pile up in its
 * pipe.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { jsonCodec } from "../wire/codec.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { deadline, WaitTimeoutError } from "../util/deadline.ts";

/** How often a busy worker says it is alive, in ms. */
export const POOL_HEARTBEAT_MS = 100;

/** The heartbeat message, as the pool's JSON protocol spells it. */
export interface AliveMessage {
  kind: "alive";
}

const ALIVE = jsonCodec<AliveMessage>().encode({ kind: "alive" });

/**
 * Wraps a worker's end so that, whenever no `receive()` is pending (the
 * worker is busy), an "alive" message goes out every `intervalMs`. Sends
 * take turns, so a beat never splits a result. `close()` stops the beats.
 *
 * @example A busy worker beats; an idle one does not
 * ```ts
 * import { heartbeatDuplex } from "./pool_heartbeat.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [parent, workerEnd] = memoryDuplexPair();
 * const worker = heartbeatDuplex(workerEnd, 5);
 * await new Promise((r) => setTimeout(r, 40)); // busy: beats go out
 * const beat = new TextDecoder().decode((await parent.receive())!);
 * assertEquals(JSON.parse(beat), { kind: "alive" });
 * await worker.close();
 * await parent.close();
 * ```
 */
export function heartbeatDuplex(
  duplex: MessageDuplex,
  intervalMs = POOL_HEARTBEAT_MS,
): MessageDuplex {
  let turn: Promise<unknown> = Promise.resolve();
  let receiving = 0;
  let closed = false;
  const send = (message: Uint8Array) => {
    const sent = turn.then(() => duplex.send(message));
    turn = sent.catch(() => {});
    return sent;
  };
  const timer = setInterval(() => {
    // A failed beat means the parent is gone; the task loop finds out itself.
    if (receiving === 0 && !closed) send(ALIVE).catch(() => {});
  }, intervalMs);
  const close = async () => {
    closed = true;
    clearInterval(timer);
    await turn;
    await duplex.close();
  };
  return {
    send,
    async receive() {
      receiving++;
      try {
        return await duplex.receive();
      } finally {
        receiving--;
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A worker sent nothing, not even a heartbeat, for longer than the bound. */
export class WorkerSilentError extends Error {
  override name = "WorkerSilentError";
  /** The silent worker and the bound it passed, in ms. */
  constructor(readonly worker: string, readonly silenceMs: number) {
    super(
      `El worker ${worker} no respondió en ${formatNumber(silenceMs)} ms ` +
        "(ni siquiera su latido): se da por atascado",
    );
  }
}

/**
 * The worker's next message that is not a heartbeat; rejects with
 * {@linkcode WorkerSilentError} when `silenceMs` pass with nothing at all
 * (a heartbeat restarts the clock). `receive` is called again after each
 * beat; the receive pending at a timeout is left to settle when the caller
 * kills the worker.
 *
 * @example Beats are skipped; silence is an error
 * ```ts
 * import { receiveSkippingBeats, WorkerSilentError } from "./pool_heartbeat.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * const inbox = [{ kind: "alive" }, { kind: "result" }];
 * const receive = () => Promise.resolve(inbox.shift() ?? null);
 * assertEquals(await receiveSkippingBeats(receive, "w0", 100), { kind: "result" });
 * let never: (value: null) => void = () => {};
 * await assertRejects(
 *   () => receiveSkippingBeats(() => new Promise((r) => never = r), "w0", 20),
 *   WorkerSilentError,
 * );
 * never(null);
 * ```
 */
export async function receiveSkippingBeats<T extends { kind: string }>(
  receive: () => Promise<T | AliveMessage | null>,
  worker: string,
  silenceMs: number,
): Promise<T | null> {
  while (true) {
    let message: T | AliveMessage | null;
    try {
      message = await deadline(receive(), silenceMs, `al worker ${worker}`);
    } catch (error) {
      if (error instanceof WaitTimeoutError) {
        throw new WorkerSilentError(worker, silenceMs);
      }
      throw error;
    }
    if (message?.kind !== "alive") return message as T | null;
  }
}
