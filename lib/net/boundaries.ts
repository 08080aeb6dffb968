/**
 * Why the unframed task protocol is fragile: TCP keeps no message boundaries.
 *
 * A sender's separate writes can reach the receiver as one `read` (or one
 * write as several reads). The workshop's protocol survives only because each
 * side sends a single short message and then waits. This module makes the
 * failure visible: a sender writes several messages back to back, a slow
 * receiver reads what has piled up, and we compare what one `read` returned
 * with what the length prefix recovers from the very same bytes.
 *
 * @module
 */

import { textCodec } from "../wire/codec.ts";
import { encodeFrame, FrameDecoder } from "../wire/frame.ts";

/**
 * Sends `messages` twice over loopback TCP — once unframed, once framed — as
 * separate writes, and reports what a slow receiver's reads contained.
 *
 * @example Two tasks arrive glued together, unless framed
 * ```ts
 * import { observeMessageBoundaries } from "./boundaries.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const seen = await observeMessageBoundaries({ messages: ["2 + 2", "3 * 4"] });
 * assertEquals(seen.reads.join(""), "2 + 23 * 4");
 * assertEquals(seen.framed, ["2 + 2", "3 * 4"]);
 * ```
 */
export async function observeMessageBoundaries(
  options: {
    /** The messages the sender writes, one write each. */
    messages: readonly string[];
    /** How long the receiver waits before its first read (default 50 ms). */
    receiverDelayMs?: number;
  },
): Promise<{
  /** What each `read` returned, as text (unframed view). */
  reads: string[];
  /** The messages the length prefix recovered (framed view). */
  framed: string[];
}> {
  const delay = options.receiverDelayMs ?? 50;
  const unframed = options.messages.map((m) => textCodec.encode(m));
  const readsRaw = await transfer(unframed, delay);
  const framedBytes = await transfer(
    options.messages.map((m) => encodeFrame(textCodec.encode(m))),
    delay,
  );
  const decoder = new FrameDecoder();
  const framed: string[] = [];
  for (const chunk of framedBytes) {
    decoder.push(chunk);
    for (
      let step = decoder.next();
      step.kind === "frame";
      step = decoder.next()
    ) {
      framed.push(textCodec.decode(step.frame));
    }
  }
  return { reads: readsRaw.map((r) => textCodec.decode(r)), framed };
}

/** One connection: separate writes from the sender, reads after `delayMs`. */
async function transfer(
  writes: readonly Uint8Array[],
  delayMs: number,
): Promise<Uint8Array[]> {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  using sender = await Deno.connect({
    hostname: "127.0.0.1",
    port: listener.addr.port,
  });
  using receiver = await accepted;
  for (const bytes of writes) {
    let offset = 0;
    while (offset < bytes.length) {
      offset += await sender.write(bytes.subarray(offset));
    }
  }
  await sender.closeWrite();
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const reads: Uint8Array[] = [];
  const buffer = new Uint8Array(1024);
  while (true) {
    const n = await receiver.read(buffer);
    if (n === null) return reads;
    reads.push(buffer.slice(0, n));
  }
}
