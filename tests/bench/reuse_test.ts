import { assertEquals } from "@std/assert";
import { encodeFrame, FrameDecoder } from "../../lib/wire/frame.ts";
import { framedDuplex } from "../../lib/wire/framed.ts";

function pattern(size: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);
}

Deno.test("a decoder lending frames still returns each frame's own bytes", () => {
  const decoder = new FrameDecoder({ lendFrames: true });
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

Deno.test("reads land straight in the decoder and carry frames across chunk ends", () => {
  const decoder = new FrameDecoder();
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

Deno.test("a framed TCP duplex with reuseBuffers echoes large messages intact", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  await using client = framedDuplex(
    await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
    { reuseBuffers: true },
  );
  await using server = framedDuplex(await accepted, { reuseBuffers: true });
  for (const [size, seed] of [[1 << 20, 7], [300_000, 8], [10, 9]]) {
    await client.send(pattern(size, seed));
    const got = (await server.receive())!;
    await server.send(got);
    assertEquals(await client.receive(), pattern(size, seed));
  }
});
