/**
 * Where a byte stream stands in the class's framing (4-byte big-endian
 * length, then the body), without keeping the bytes: the connection guard
 * (`idle.ts`) uses it to know when a frame started and when it completed,
 * whatever the framed reader above it buffers.
 *
 * @module
 */

/** Bytes of a frame's length prefix. */
const PREFIX_BYTES = 4;

/**
 * A counter of frame boundaries: `push` each chunk as it arrives and learn
 * how many frames it completed and whether a frame is left half-arrived.
 * Lengths are not checked (the framed reader rejects oversized ones).
 *
 * @example One chunk ends a frame and starts the next
 * ```ts
 * import { frameMeter } from "./frame_meter.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const meter = frameMeter();
 * assertEquals(meter.push(new Uint8Array([0, 0])), { completed: 0, midFrame: true });
 * assertEquals(meter.push(new Uint8Array([0, 1, 7, 0, 0])), { completed: 1, midFrame: true });
 * assertEquals(meter.push(new Uint8Array([0, 0])), { completed: 1, midFrame: false });
 * ```
 */
export function frameMeter(): {
  push(chunk: Uint8Array): { completed: number; midFrame: boolean };
} {
  let prefixSeen = 0;
  let length = 0;
  let bodyLeft = 0;
  return {
    push(chunk) {
      let completed = 0;
      let i = 0;
      while (i < chunk.length) {
        if (prefixSeen < PREFIX_BYTES) {
          length = length * 256 + chunk[i++];
          if (++prefixSeen < PREFIX_BYTES) continue;
          bodyLeft = length;
        } else {
          const take = Math.min(bodyLeft, chunk.length - i);
          bodyLeft -= take;
          i += take;
        }
        if (prefixSeen === PREFIX_BYTES && bodyLeft === 0) {
          completed++;
          prefixSeen = 0;
          length = 0;
        }
      }
      return { completed, midFrame: prefixSeen > 0 };
    },
  };
}
