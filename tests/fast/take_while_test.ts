/**
 * `takeWhile` / `takeBufferedWhile`, the fast tier's in-place parse loop:
 * at every split point of a stream it consumes exactly the whole accepted
 * frames, in order, and leaves the first refused, partial, oversized or
 * large frame — and the end — to `nextFrame()`/`next()`/`receive()`.
 */

import { assertEquals, assertRejects } from "@std/assert";
import { encodeFrames } from "../../lib/wire/frame.ts";
import { FastFrameDecoder } from "../../lib/fast/frame_decoder.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";
import {
  FrameTooLargeError,
  TruncatedFrameError,
} from "../../lib/wire/errors.ts";

const SINK = 1;
const OTHER = 2;
const isSink = (bytes: Uint8Array, at: number, length: number) =>
  length > 0 && bytes[at] === SINK;

/**
 * Drains `decoder` the way the bench peer does and notes what it saw, in
 * order. A sink frame split across reads comes out of `next()` instead of
 * `takeWhile`: it is noted as a sink all the same, once.
 */
function drain(decoder: FastFrameDecoder, seen: string[]): void {
  const note = (frame: Uint8Array) =>
    seen.push(
      isSink(frame, 0, frame.length) ? "sink×1" : `frame:${[...frame]}`,
    );
  while (true) {
    const sunk = decoder.takeWhile(isSink);
    if (sunk > 0) seen.push(`sink×${sunk}`);
    const frame = decoder.nextFrame();
    if (frame !== null) {
      note(frame);
      continue;
    }
    const step = decoder.next();
    if (step.kind === "frame") note(step.frame);
    else if (step.kind === "violation") {
      seen.push(`violation:${step.error.name}`);
      return;
    } else return;
  }
}

/** Merges adjacent sink counts, so two splits of one stream compare equal. */
function normalize(seen: string[]): string[] {
  const out: string[] = [];
  for (const item of seen) {
    const last = out.at(-1);
    if (item.startsWith("sink×") && last?.startsWith("sink×")) {
      out[out.length - 1] = `sink×${
        Number(last.slice(5)) + Number(item.slice(5))
      }`;
    } else out.push(item);
  }
  return out;
}

const stream = encodeFrames([
  Uint8Array.of(SINK, 9),
  Uint8Array.of(SINK),
  Uint8Array.of(),
  Uint8Array.of(SINK, 1, 1),
  Uint8Array.of(OTHER, 5),
  Uint8Array.of(SINK),
]);
const expected = [
  "sink×2",
  "frame:",
  "sink×1",
  `frame:${OTHER},5`,
  "sink×1",
];

Deno.test("takeWhile consumes the same frames at every split point of the stream", () => {
  for (const lendFrames of [false, true]) {
    for (let split = 0; split <= stream.length; split++) {
      const decoder = new FastFrameDecoder({ lendFrames });
      const seen: string[] = [];
      decoder.push(stream.subarray(0, split));
      drain(decoder, seen);
      decoder.push(stream.subarray(split));
      drain(decoder, seen);
      assertEquals(normalize(seen), expected, `split at ${split}`);
      assertEquals(decoder.finish().kind, "clean-end");
    }
  }
});

Deno.test("takeWhile leaves an oversized prefix to next(), which reports it", () => {
  const decoder = new FastFrameDecoder({ maxFrameBytes: 4 });
  decoder.push(
    encodeFrames([Uint8Array.of(SINK), new Uint8Array(5).fill(SINK)]),
  );
  assertEquals(decoder.takeWhile(isSink), 1);
  assertEquals(decoder.takeWhile(isSink), 0);
  assertEquals(decoder.nextFrame(), null);
  const step = decoder.next();
  assertEquals(step.kind, "violation");
  assertEquals(decoder.takeWhile(isSink), 0); // never past a violation
});

Deno.test("takeWhile never takes a body next() already started", () => {
  const decoder = new FastFrameDecoder();
  const bytes = encodeFrames([Uint8Array.of(SINK, 2, 3), Uint8Array.of(SINK)]);
  decoder.push(bytes.subarray(0, 6)); // the prefix and part of the first body
  assertEquals(decoder.next().kind, "need-more"); // consumes the prefix
  assertEquals(decoder.takeWhile(isSink), 0);
  decoder.push(bytes.subarray(6));
  const step = decoder.next();
  assertEquals(step.kind === "frame" ? [...step.frame] : step.kind, [
    SINK,
    2,
    3,
  ]);
  assertEquals(decoder.takeWhile(isSink), 1);
});

Deno.test("takeBufferedWhile: nothing while a receive is pending, then the run, then the end", async () => {
  for (const [tail, ending] of [[0, "clean"], [2, "mid-frame"]] as const) {
    const chunks = [stream.subarray(0, stream.length - tail)];
    await using duplex = fastFramedDuplex({
      readable: ReadableStream.from(chunks),
      writable: new WritableStream(),
    });
    const first = duplex.receive();
    assertEquals(duplex.takeBufferedWhile(isSink), 0); // the receive is owed the first frame
    assertEquals([...(await first)!], [SINK, 9]);
    assertEquals(duplex.takeBufferedWhile(isSink), 1);
    assertEquals([...duplex.receiveBuffered()!], []);
    assertEquals(duplex.takeBufferedWhile(isSink), 1);
    assertEquals([...duplex.receiveBuffered()!], [OTHER, 5]);
    if (ending === "clean") {
      assertEquals(duplex.takeBufferedWhile(isSink), 1);
      assertEquals(await duplex.receive(), null);
    } else {
      assertEquals(duplex.takeBufferedWhile(isSink), 0);
      await assertRejects(() => duplex.receive(), TruncatedFrameError);
    }
    await duplex.close();
    assertEquals(duplex.takeBufferedWhile(isSink), 0);
  }
});

Deno.test("takeBufferedWhile stops before a frame too large, which receive() reports", async () => {
  await using duplex = fastFramedDuplex({
    readable: ReadableStream.from([
      encodeFrames([
        Uint8Array.of(SINK),
        Uint8Array.of(SINK),
        new Uint8Array(9),
      ]),
    ]),
    writable: new WritableStream(),
  }, { maxFrameBytes: 8 });
  assertEquals([...(await duplex.receive())!], [SINK]);
  assertEquals(duplex.takeBufferedWhile(isSink), 1);
  await assertRejects(() => duplex.receive(), FrameTooLargeError);
});
