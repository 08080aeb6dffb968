/**
 * What only the fast decoder does: lend frames out of reused buffers, and let
 * a reader put its bytes straight into the decoder (`readTarget`/`commit`).
 * The decoding itself (every split point, fuzz, every end) runs against both
 * decoders in tests/wire/frame_test.ts.
 */

import { assertEquals, assertThrows } from "@std/assert";
import { FrameTooLargeError } from "../../lib/wire/errors.ts";
import { MAX_FRAME_BYTES_LIMIT } from "../../lib/wire/frame_decoder.ts";
import { encodeFrame, encodeFrames } from "../../lib/wire/frame.ts";
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

for (const lendFrames of [false, true]) {
  const which = lendFrames ? "lending" : "owning";

  Deno.test(`a ${which} decoder's commit refuses a count that is not a byte count`, () => {
    const decoder = new FastFrameDecoder({ lendFrames });
    // once on the staging buffer, once on a large body being assembled
    for (const prime of [0, 1]) {
      if (prime) {
        decoder.push(encodeFrame(pattern(200_000, 7)).subarray(0, 1000));
        assertEquals(decoder.next().kind, "need-more");
      }
      const target = decoder.readTarget();
      assertEquals(decoder.readingBody, prime === 1);
      for (const bad of [-1, 1.5, NaN, Infinity, target.length + 1]) {
        assertThrows(
          () => decoder.commit(bad),
          RangeError,
          "confirmar (commit)",
        );
      }
      assertThrows(
        () => decoder.commit("1" as unknown as number),
        TypeError,
        "confirmar (commit)",
      );
      // nothing was taken in: the count of buffered bytes is unchanged
      assertEquals(decoder.bufferedBytes, prime ? 1000 : 0);
    }
  });

  Deno.test(`a ${which} decoder does not allocate a body for bytes that never came`, () => {
    const decoder = new FastFrameDecoder({
      lendFrames,
      maxFrameBytes: MAX_FRAME_BYTES_LIMIT,
    });
    // five bytes announcing a 1 GiB body
    decoder.push(new Uint8Array([64, 0, 0, 0, 1]));
    assertEquals(decoder.next(), {
      kind: "need-more",
      missingBytes: MAX_FRAME_BYTES_LIMIT - 1,
    });
    const target = decoder.readTarget();
    assertEquals(decoder.readingBody, true);
    assertEquals(target.length <= 1024 * 1024, true, `${target.length}`);
  });

  Deno.test(`a ${which} decoder grows a large body as it arrives, intact`, () => {
    const decoder = new FastFrameDecoder({ lendFrames });
    for (const [size, seed] of [[3_000_000, 1], [1_500_000, 2]]) {
      const bytes = encodeFrame(pattern(size, seed));
      let at = 0;
      let step = decoder.next();
      while (at < bytes.length) {
        const target = decoder.readTarget();
        const n = Math.min(target.length, bytes.length - at, 100_000);
        target.set(bytes.subarray(at, at + n));
        decoder.commit(n);
        at += n;
        step = decoder.next();
      }
      if (step.kind !== "frame") throw new Error(`expected a frame`);
      assertEquals(step.frame, pattern(size, seed));
      if (!lendFrames) assertEquals(step.frame.buffer.byteLength, size);
    }
    assertEquals(decoder.finish().kind, "clean-end");
  });

  Deno.test(`a ${which} decoder gives no read space after a violation`, () => {
    const decoder = new FastFrameDecoder({ lendFrames, maxFrameBytes: 10 });
    const target = decoder.readTarget();
    target.set([0, 0, 0, 11]);
    decoder.commit(4);
    const step = decoder.next();
    assertEquals(step.kind, "violation");
    assertThrows(() => decoder.readTarget(), FrameTooLargeError);
    // a reader that kept the old target cannot commit into it either
    assertThrows(() => decoder.commit(1), RangeError);
    assertEquals(decoder.next(), step);
    assertEquals(decoder.bufferedBytes, 4);
  });
}

/** Drains a decoder the way the duplex does: nextFrame first, next() for the rest. */
function drainMixed(decoder: FastFrameDecoder, out: Uint8Array[]): string {
  while (true) {
    const frame = decoder.nextFrame();
    if (frame !== null) {
      out.push(frame.slice());
      continue;
    }
    const step = decoder.next();
    if (step.kind === "frame") out.push(step.frame.slice());
    else return step.kind;
  }
}

for (const lendFrames of [false, true]) {
  const which = lendFrames ? "lending" : "owning";

  Deno.test(`a ${which} decoder's nextFrame and next() together give every frame once, in order, at every split`, () => {
    const payloads = [
      pattern(0, 1),
      pattern(3, 2),
      pattern(70_000, 3), // a large body: next()'s to assemble
      pattern(64, 4),
      pattern(1, 5),
    ];
    const bytes = encodeFrames(payloads);
    for (const chunk of [1, 3, 5, 64, 4099, 70_003, bytes.length]) {
      const decoder = new FastFrameDecoder({ lendFrames });
      const out: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += chunk) {
        decoder.push(bytes.subarray(at, at + chunk));
        assertEquals(drainMixed(decoder, out), "need-more");
      }
      assertEquals(out, payloads, `chunks of ${chunk}`);
      assertEquals(decoder.finish().kind, "clean-end");
    }
  });

  Deno.test(`a ${which} decoder's nextFrame leaves a violation and a partial frame to next()`, () => {
    const decoder = new FastFrameDecoder({ lendFrames, maxFrameBytes: 10 });
    decoder.push(encodeFrames([pattern(2, 1), pattern(10, 2)]));
    // an oversized frame, whole: its bytes are all here, and still refused
    decoder.push(encodeFrame(pattern(11, 9)));
    assertEquals(decoder.nextFrame(), pattern(2, 1));
    assertEquals(decoder.nextFrame(), pattern(10, 2));
    // an oversized prefix is not consumed: next() reports it, every time
    assertEquals(decoder.nextFrame(), null);
    assertEquals(decoder.bufferedBytes, 15);
    assertEquals(decoder.next().kind, "violation");
    assertEquals(decoder.nextFrame(), null);
    assertEquals(decoder.next().kind, "violation");

    const partial = new FastFrameDecoder({ lendFrames });
    partial.push(encodeFrame(pattern(5, 3)).subarray(0, 7));
    assertEquals(partial.nextFrame(), null);
    assertEquals(partial.next(), { kind: "need-more", missingBytes: 2 });
    assertEquals(partial.finish().kind, "ended-mid-frame");
  });
}
