/**
 * Tracing any {@linkcode MessageDuplex}: the wrapper records each message
 * sent and received (who, when, size, a short label) and passes the bytes
 * through untouched — nothing is added on the wire, so a traced kit program
 * still talks to the class's Python.
 *
 * Closing is traced too: `close()` is the send of an end of stream ("EOF")
 * and the first `null` from `receive()` its arrival, because the peer's
 * "no more data" is a message in the causal sense (it tells the reader
 * that everything before it was sent).
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import type { TraceRecorder } from "./events.ts";
import { messageLabel } from "./label.ts";

/** How {@linkcode traceDuplex} names things. */
export interface TraceDuplexOptions {
  /** The process holding this end, as the diagram names it ("padre"). */
  self: string;
  /** The process at the other end ("hijo 1"). */
  peer: string;
  /** Label of a message (default: its first characters, or its size). */
  label?: (message: Uint8Array) => string;
  /** Record the end of stream as a message (default true). */
  traceEof?: boolean;
}

/** Label of the end-of-stream message. */
export const EOF_LABEL = "EOF (cierre)";

/**
 * Wraps `duplex` so every message through it lands in `recorder`.
 *
 * @example Both ends of a memory pair, traced in one recorder
 * ```ts
 * import { traceDuplex } from "./duplex.ts";
 * import { TraceRecorder } from "./events.ts";
 * import { clockTrace } from "./clocks.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const recorder = new TraceRecorder();
 * const [a, b] = memoryDuplexPair();
 * const parent = traceDuplex(a, recorder, { self: "padre", peer: "hijo" });
 * const child = traceDuplex(b, recorder, { self: "hijo", peer: "padre" });
 * await parent.send(new TextEncoder().encode("hola"));
 * await child.receive();
 * await parent.close();
 * assertEquals(await child.receive(), null);
 * await child.close();
 * const clocked = clockTrace(recorder.trace());
 * assertEquals(clocked.messages.map((m) => [m.label, m.receives.length]), [
 *   ['"hola"', 1],
 *   ["EOF (cierre)", 1],
 *   ["EOF (cierre)", 0], // the child's close: the parent never read again
 * ]);
 * ```
 */
export function traceDuplex(
  duplex: MessageDuplex,
  recorder: TraceRecorder,
  options: TraceDuplexOptions,
): MessageDuplex {
  const { self, peer } = options;
  const label = options.label ?? ((m: Uint8Array) => messageLabel(m));
  const traceEof = options.traceEof ?? true;
  let closedHere = false;
  let eofSeen = false;
  return {
    async send(message) {
      // Recorded before the bytes leave, so the send precedes its receive in time.
      recorder.send(self, peer, message.length, label(message));
      await duplex.send(message);
    },
    async receive() {
      const message = await duplex.receive();
      if (message !== null) {
        recorder.receive(self, peer, message.length, label(message));
      } else if (traceEof && !closedHere && !eofSeen) {
        eofSeen = true;
        recorder.receive(self, peer, 0, EOF_LABEL);
      }
      return message;
    },
    async close() {
      if (!closedHere && traceEof) recorder.send(self, peer, 0, EOF_LABEL);
      closedHere = true;
      await duplex.close();
    },
    async [Symbol.asyncDispose]() {
      await this.close();
    },
  };
}
