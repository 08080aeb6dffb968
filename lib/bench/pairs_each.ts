/**
 * The kit's byte streams with one write per message: the same pair, but
 * each send waits for the previous one to be written, so the fast framing
 * has nothing to coalesce. These `-each` rows are what the kit does with
 * the baselines' one-call-per-message strategy (a program that awaits every
 * `send` gets exactly this).
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import { nowSenderOf } from "../fast/send_now.ts";
import { type BenchPairFactory, makeBenchPair } from "./pairs.ts";
import {
  tcpAsyncBenchPair,
  tcpBlockBenchPair,
  unixAsyncBenchPair,
  unixBlockBenchPair,
} from "./pairs_process.ts";
import {
  fifoAsyncBenchPair,
  fifoBlockBenchPair,
  pipeAsyncBenchPair,
  pipeBlockBenchPair,
} from "./pairs_pipe.ts";

/** Options of {@linkcode oneSendAtATime}. */
export interface OneSendAtATimeOptions {
  /**
   * A receive first waits until every queued send has been written. For a
   * duplex whose reads block the thread: a read that sleeps while sends
   * still wait in this queue would wait for a reply to a message never
   * written (default false).
   */
  drainBeforeReceive?: boolean;
}

/**
 * Wraps a duplex so that each send starts only once the previous one has
 * settled: one frame per write on a framed stream.
 *
 * @example Sends still arrive in order
 * ```ts
 * import { oneSendAtATime } from "./pairs_each.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = memoryDuplexPair();
 * const each = oneSendAtATime(a);
 * await Promise.all([each.send(new Uint8Array([1])), each.send(new Uint8Array([2]))]);
 * assertEquals([(await b.receive())![0], (await b.receive())![0]], [1, 2]);
 * await each.close();
 * await b.close();
 * ```
 */
export function oneSendAtATime(
  duplex: MessageDuplex,
  options: OneSendAtATimeOptions = {},
): MessageDuplex {
  // A duplex that can hand one frame to one write call at once (the fast
  // tier's) does, for a send nobody waits behind and for each queued one:
  // one write per message with no batch to build and no flush to schedule.
  const sendNow = nowSenderOf(duplex);
  // Sends that wait are drained by one loop, one awaited write each. The
  // sends queued while the loop was busy share one promise, settled once the
  // loop has written all of them: a window of thousands costs one array
  // push per send, not a promise, a closure and a reaction each (measured:
  // 4.0 → 2.0 µs per 64 B message over a Unix Deno.Conn, what a bare
  // awaited `conn.write` costs). A failed write rejects its group, and the
  // rest of that group is not attempted: the stream that failed is broken.
  let waiting: Uint8Array[] = [];
  let waitingDone: PromiseWithResolvers<void> | null = null;
  let drained: Promise<void> = Promise.resolve();
  let draining = false;
  const drain = async () => {
    draining = true;
    try {
      while (waitingDone !== null) {
        const group = waiting;
        const done = waitingDone;
        waiting = [];
        waitingDone = null;
        try {
          for (const message of group) {
            await (sendNow?.(message) ?? duplex.send(message));
          }
          done.resolve();
        } catch (error) {
          done.reject(error);
        }
      }
    } finally {
      draining = false;
    }
  };
  return {
    send(message: Uint8Array): Promise<void> {
      if (sendNow !== undefined && !draining) {
        const now = sendNow(message);
        if (now !== null) return now;
      }
      waitingDone ??= Promise.withResolvers<void>();
      waiting.push(message);
      const sent = waitingDone.promise;
      if (!draining) drained = drain();
      return sent;
    },
    receive: options.drainBeforeReceive
      ? async () => {
        await drained;
        return duplex.receive();
      }
      : () => duplex.receive(),
    close: () => duplex.close(),
    [Symbol.asyncDispose]: () => duplex.close(),
  };
}

/**
 * The `-each` variant of a pair factory: by default the mechanism name +
 * `"-each"`. It keeps the base's way of waiting (`busyPollMs`).
 *
 * @example
 * ```ts
 * import { eachSendPair } from "./pairs_each.ts";
 * import { memoryBenchPair } from "./kit_pairs.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await eachSendPair(memoryBenchPair).open();
 * assertEquals(pair.mechanism, "memory-each");
 * await pair.duplex.send(new Uint8Array([7])); // 7: echoed (2 and 3 are ops)
 * assertEquals([...(await pair.duplex.receive())!], [7]);
 * ```
 */
export function eachSendPair(
  base: BenchPairFactory,
  mechanism = `${base.mechanism}-each`,
): BenchPairFactory {
  return {
    mechanism,
    description: `${base.description}, one write per message`,
    peer: base.peer,
    busyPollMs: base.busyPollMs,
    blocksThread: base.blocksThread,
    async open() {
      const pair = await base.open();
      return makeBenchPair(
        mechanism,
        oneSendAtATime(pair.duplex, {
          drainBeforeReceive: base.blocksThread,
        }),
        pair.peer,
        () => pair.close(),
      );
    },
  };
}

/**
 * The `-each` pairs the bench compares with the baselines' one-call modes:
 * each built on a pair that waits in the kernel. The pipe and FIFO pairs
 * that wait through a helper thread keep their short names (`pipe-each`,
 * not `pipe-async-each`), as the CLI has always called them; the ones that
 * block their own thread are `pipe-block-each`, `fifo-block-each`,
 * `tcp-block-each` and `unix-block-each`.
 */
export const EACH_SEND_PAIRS: readonly BenchPairFactory[] = [
  eachSendPair(tcpAsyncBenchPair),
  eachSendPair(unixAsyncBenchPair),
  eachSendPair(pipeAsyncBenchPair, "pipe-each"),
  eachSendPair(fifoAsyncBenchPair, "fifo-each"),
  eachSendPair(pipeBlockBenchPair),
  eachSendPair(fifoBlockBenchPair),
  eachSendPair(tcpBlockBenchPair),
  eachSendPair(unixBlockBenchPair),
];
