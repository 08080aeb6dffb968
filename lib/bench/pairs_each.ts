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
import { tcpAsyncBenchPair, unixAsyncBenchPair } from "./pairs_process.ts";
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
  // A queue drained by one loop rather than a promise chain: each send
  // costs one awaited `duplex.send`, not a chain link and its handlers.
  // Taken by index, not `shift()`: a window of thousands of sends queued at
  // once would cost a copy of the rest per send.
  let queue: {
    message: Uint8Array;
    resolve: () => void;
    reject: (error: unknown) => void;
  }[] = [];
  let head = 0;
  let drained: Promise<void> = Promise.resolve();
  let draining = false;
  const drain = async () => {
    draining = true;
    try {
      while (head < queue.length) {
        const next = queue[head++];
        try {
          await (sendNow?.(next.message) ?? duplex.send(next.message));
          next.resolve();
        } catch (error) {
          next.reject(error);
        }
      }
    } finally {
      queue = [];
      head = 0;
      draining = false;
    }
  };
  return {
    send(message: Uint8Array): Promise<void> {
      if (sendNow !== undefined && !draining) {
        const now = sendNow(message);
        if (now !== null) return now;
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ message, resolve, reject });
        if (!draining) drained = drain();
      });
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
 * block their own thread are `pipe-block-each` and `fifo-block-each`.
 */
export const EACH_SEND_PAIRS: readonly BenchPairFactory[] = [
  eachSendPair(tcpAsyncBenchPair),
  eachSendPair(unixAsyncBenchPair),
  eachSendPair(pipeAsyncBenchPair, "pipe-each"),
  eachSendPair(fifoAsyncBenchPair, "fifo-each"),
  eachSendPair(pipeBlockBenchPair),
  eachSendPair(fifoBlockBenchPair),
];
