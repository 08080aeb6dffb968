// Micro-benchmarks of the wire codecs: run with `deno bench tests/bench/micro/`.
// Frame encode, then decode with both tiers' decoders (the teaching
// FrameDecoder and the fast one, owning and lending frames), and the JSON codec.
import {
  encodeFrame,
  encodeFrames,
  FrameDecoder,
} from "../../../lib/wire/frame.ts";
import { FastFrameDecoder } from "../../../lib/fast/frame_decoder.ts";
import { jsonCodec } from "../../../lib/wire/codec.ts";

const SIZES = [64, 4096, 1 << 20];

/** What a decode benchmark needs from a decoder, whatever its tier. */
interface Decoder {
  push(chunk: Uint8Array): void;
  next(): { kind: string };
}

const decoders: [string, () => Decoder][] = [
  ["teaching FrameDecoder", () => new FrameDecoder()],
  ["FastFrameDecoder, owned frames", () => new FastFrameDecoder()],
];

for (const size of SIZES) {
  const payload = new Uint8Array(size).fill(0x61);
  Deno.bench(`encodeFrame ${size} B`, { group: `encode ${size}` }, () => {
    encodeFrame(payload);
  });
  const frame = encodeFrame(payload);
  for (const [name, make] of decoders) {
    Deno.bench(`decode ${size} B, ${name}`, { group: `decode ${size}` }, () => {
      const decoder = make();
      decoder.push(frame);
      if (decoder.next().kind !== "frame") throw new Error("no frame");
    });
  }
  const lending = new FastFrameDecoder({ lendFrames: true });
  Deno.bench(`decode ${size} B, FastFrameDecoder, lent frames`, {
    group: `decode ${size}`,
  }, () => {
    lending.push(frame);
    if (lending.next().kind !== "frame") throw new Error("no frame");
  });
}

const hundredSmall = encodeFrames(
  Array.from({ length: 100 }, () => new Uint8Array(64)),
);
for (const [name, make] of decoders) {
  Deno.bench(`decode 100 × 64 B out of one read, ${name}`, {
    group: "decode 100 × 64",
  }, () => {
    const decoder = make();
    decoder.push(hundredSmall);
    let frames = 0;
    while (decoder.next().kind === "frame") frames++;
    if (frames !== 100) throw new Error(`decoded ${frames}`);
  });
}

const codec = jsonCodec<{ id: number; task: string; args: number[] }>();
const task = { id: 7, task: "2 + 2", args: [1, 2, 3, 4] };
const encoded = codec.encode(task);
Deno.bench("jsonCodec encode a task", { group: "json" }, () => {
  codec.encode(task);
});
Deno.bench("jsonCodec decode a task", { group: "json" }, () => {
  codec.decode(encoded);
});
