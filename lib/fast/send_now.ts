/**
 * One message in one write, now, where a duplex can do it: a lone message
 * (a round trip's ping, a peer's echo, a one-call-per-message bench row)
 * then costs one system call and no promise hop before it, as C's `writev`
 * per frame, instead of waiting for the end of the tick to be batched with
 * sends that will not come.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";

/** A duplex that may write one message's frame in one call, now. */
export interface NowSender {
  /**
   * Writes `message`'s frame now and returns a promise (settled unless the
   * write was partial), or returns `null` having done nothing (then `send`).
   */
  sendNow(message: Uint8Array): Promise<void> | null;
}

/**
 * `duplex.sendNow` bound to `duplex`, or `undefined` when it has none.
 *
 * @example A fast-tier duplex has one; the in-memory pair has not
 * ```ts
 * import { nowSenderOf } from "./send_now.ts";
 * import { fastFramedDuplex } from "./framed.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const written: number[] = [];
 * const duplex = fastFramedDuplex({
 *   read: () => Promise.resolve(null),
 *   write: (bytes) => Promise.resolve(bytes.length),
 *   writeNow: (bytes) => (written.push(bytes.length), bytes.length),
 *   close() {},
 * });
 * const sendNow = nowSenderOf(duplex)!;
 * await sendNow(new Uint8Array(3));
 * assertEquals(written, [7]); // 4-byte prefix + 3 bytes, in one call
 * const [a, b] = memoryDuplexPair();
 * assertEquals(nowSenderOf(a), undefined);
 * await Promise.all([a.close(), b.close(), duplex.close()]);
 * ```
 */
export function nowSenderOf(
  duplex: MessageDuplex,
): NowSender["sendNow"] | undefined {
  const candidate = duplex as Partial<NowSender>;
  return typeof candidate.sendNow === "function"
    ? candidate.sendNow.bind(duplex)
    : undefined;
}
