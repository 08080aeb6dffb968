/**
 * What only the fast decoder does: lend frames out of reused buffers, and let
 * a reader put its bytes straight into the decoder (`readTarget`/`commit`).
 * The decoding itself (every split point, fuzz, every end) runs against both
 * decoders in tests/wire/frame_test.ts.
 */

import { assertEquals, assertThrows } from "@std/assert";
import { encodeFrame } from "../../lib/wire/frame.ts";
import { FastFrameDecoder } from "../../lib/fast/frame_decoder.ts";

function pattern(size: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);
}

Deno.test("a decoder lending frames still returns each frame's own bytes", () => {
  const decoder = new FastFrameDecoder({ lendFrames: true });
  for (
    const [size, seed] of [[100_000, 1], [70_000, 2], [100, 3], [200_000, 4]]
  ) {
    const frame = encodeFrame(pattern(size, seed));
    // fed in awkward pieces so the body is assembled across pushes
    for (let at = 0; at < frame.length; at += 9_999) {
      decoder.push(frame.subarray(at, at + 9_999));
    }
    const step = decoder.next();
    assertEquals(
      step.kind === "frame" ? step.frame : null,
      pattern(size, seed),
    );
  }
});

Deno.test("a lent large frame reuses the buffer of the one before", () => {
  const decoder = new FastFrameDecoder({ lendFrames: true });
  const buffers = [1, 2].map((seed) => {
    decoder.push(encodeFrame(pattern(100_000, seed)));
    const step = decoder.next();
    return step.kind === "frame" ? step.frame.buffer : null;
  });
  assertEquals(buffers[0] !== null && buffers[0] === buffers[1], true);
});

Deno.test("reads land straight in the decoder and carry frames across chunk ends", () => {
  const decoder = new FastFrameDecoder();
  const bytes = new Uint8Array([
    ...encodeFrame(pattern(70_000, 5)),
    ...encodeFrame(pattern(3, 6)),
  ]);
  let at = 0;
  const frames: Uint8Array[] = [];
  while (at < bytes.length) {
    const target = decoder.readTarget();
    const n = Math.min(target.length, bytes.length - at, 30_000);
    target.set(bytes.subarray(at, at + n));
    decoder.commit(n);
    at += n;
    for (let s = decoder.next(); s.kind === "frame"; s = decoder.next()) {
      frames.push(s.frame.slice());
    }
  }
  assertEquals(frames, [pattern(70_000, 5), pattern(3, 6)]);
  assertEquals(decoder.finish().kind, "clean-end");
});

Deno.test("commit refuses more bytes than the read target held", () => {
  const decoder = new FastFrameDecoder();
  const target = decoder.readTarget();
  assertThrows(() => decoder.commit(target.length + 1), RangeError);
});
