/**
 * The frame decoders on plain bytes: every split point, seeded fuzz, every
 * way a stream ends. Table-driven: each case runs against the teaching
 * decoder and the fast one (owned frames, and lent frames).
 */

import { assertEquals, assertInstanceOf, assertThrows } from "@std/assert";
import {
  type DecodeStep,
  encodeFrame,
  encodeFrames,
  FrameDecoder,
  type FrameDecoderOptions,
  FrameTooLargeError,
  type StreamEnd,
  TruncatedFrameError,
} from "../../lib/wire/mod.ts";
import { FastFrameDecoder } from "../../lib/fast/frame_decoder.ts";
import { MAX_FRAME_BYTES_LIMIT } from "../../lib/wire/frame_decoder.ts";
import { seededRandom, seedFromEnv } from "../../lib/util/random.ts";

const enc = new TextEncoder();

/** What every decoder offers, whatever its tier. */
interface Decoder {
  push(chunk: Uint8Array): void;
  next(): DecodeStep;
  finish(): StreamEnd;
}

/** Each decoder under test; `lends` means a frame lives only until the next push. */
const decoders: {
  name: string;
  make: (options?: FrameDecoderOptions) => Decoder;
  lends: boolean;
}[] = [
  { name: "FrameDecoder", make: (o) => new FrameDecoder(o), lends: false },
  {
    name: "FastFrameDecoder",
    make: (o) => new FastFrameDecoder(o),
    lends: false,
  },
  {
    name: "FastFrameDecoder (lent frames)",
    make: (o) => new FastFrameDecoder({ ...o, lendFrames: true }),
    lends: true,
  },
];

/** Registers `fn` once per decoder, as `<decoder> <what>`. */
function eachDecoder(
  what: string,
  fn: (make: (options?: FrameDecoderOptions) => Decoder) => void,
): void {
  for (const { name, make, lends } of decoders) {
    Deno.test(`${name} ${what}`, () => fn((o) => copying(make(o), lends)));
  }
}

/** A lending decoder's frames copied as they come out, so tests may keep them. */
function copying(decoder: Decoder, lends: boolean): Decoder {
  if (!lends) return decoder;
  return {
    push: (chunk) => decoder.push(chunk),
    next() {
      const step = decoder.next();
      return step.kind === "frame"
        ? { kind: "frame", frame: step.frame.slice() }
        : step;
    },
    finish: () => decoder.finish(),
  };
}

/** Feeds `bytes` to a fresh decoder in the given chunks; returns frames and how it ended. */
function decodeInChunks(
  make: (options?: FrameDecoderOptions) => Decoder,
  bytes: Uint8Array,
  cuts: number[],
  maxFrameBytes?: number,
) {
  const decoder = make({ maxFrameBytes });
  const frames: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    decoder.push(bytes.subarray(start, cut));
    start = cut;
    let step: DecodeStep;
    while ((step = decoder.next()).kind === "frame") frames.push(step.frame);
    if (step.kind === "violation") return { frames, end: step };
  }
  return { frames, end: decoder.finish() };
}

const sample = [
  enc.encode("waku waku"),
  new Uint8Array(0), // a zero-length frame
  enc.encode("canción ñandú 🚀"), // multi-byte UTF-8
  new Uint8Array([0, 0, 0, 0, 255]), // body bytes that look like a prefix
];

Deno.test("encodeFrame matches Python's len(msg).to_bytes(4, 'big') + msg", () => {
  const cases: [Uint8Array, number[]][] = [
    // empty message: only the prefix
    [new Uint8Array(), [0, 0, 0, 0]],
    // one byte
    [new Uint8Array([7]), [0, 0, 0, 1]],
    // 300 bytes: the length needs two bytes of the prefix (0x012c)
    [new Uint8Array(300), [0, 0, 1, 44]],
    // 16 MiB + 1: all three low bytes in use (0x01000001)
    [new Uint8Array(16 * 1024 * 1024 + 1), [1, 0, 0, 1]],
  ];
  for (const [payload, prefix] of cases) {
    assertEquals([...encodeFrame(payload).subarray(0, 4)], prefix);
    assertEquals(encodeFrame(payload).length, payload.length + 4);
  }
});

eachDecoder(
  "reassembles several frames at every single split point",
  (make) => {
    const bytes = encodeFrames(sample);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { frames, end } = decodeInChunks(make, bytes, [cut]);
      assertEquals(frames, sample, `split at ${cut}`);
      assertEquals(end.kind, "clean-end");
    }
  },
);

eachDecoder("reassembles frames at every pair of split points", (make) => {
  const bytes = encodeFrames(sample);
  for (let a = 0; a <= bytes.length; a++) {
    for (let b = a; b <= bytes.length; b++) {
      const { frames, end } = decodeInChunks(make, bytes, [a, b]);
      assertEquals(frames, sample, `splits at ${a}, ${b}`);
      assertEquals(end.kind, "clean-end");
    }
  }
});

eachDecoder("reassembles frames fed one byte at a time", (make) => {
  const bytes = encodeFrames(sample);
  const cuts = Array.from({ length: bytes.length }, (_, i) => i);
  assertEquals(decodeInChunks(make, bytes, cuts).frames, sample);
});

eachDecoder("decodes many concatenated frames out of one chunk", (make) => {
  const payloads = Array.from(
    { length: 1000 },
    (_, i) => enc.encode(`mensaje ${i}`),
  );
  const { frames, end } = decodeInChunks(make, encodeFrames(payloads), []);
  assertEquals(frames, payloads);
  assertEquals(end.kind, "clean-end");
});

eachDecoder("says how many bytes it still needs", (make) => {
  const decoder = make();
  assertEquals(decoder.next(), { kind: "need-more", missingBytes: 4 });
  decoder.push(new Uint8Array([0, 0]));
  assertEquals(decoder.next(), { kind: "need-more", missingBytes: 2 });
  decoder.push(new Uint8Array([0, 10, 1, 2, 3]));
  assertEquals(decoder.next(), { kind: "need-more", missingBytes: 7 });
});

eachDecoder("reports a stream that ends inside the prefix", (make) => {
  const { frames, end } = decodeInChunks(
    make,
    new Uint8Array([...encodeFrame(enc.encode("ok")), 0, 0, 1]),
    [],
  );
  assertEquals(frames, [enc.encode("ok")]);
  if (end.kind !== "ended-mid-frame") {
    throw new Error(`expected ended-mid-frame, got ${end.kind}`);
  }
  assertInstanceOf(end.error, TruncatedFrameError);
  assertEquals(end.error.phase, "prefix");
  assertEquals(end.error.missingBytes, 1);
});

eachDecoder(
  "reports a stream that ends inside the body with the missing count",
  (make) => {
    const whole = encodeFrame(enc.encode("waku waku"));
    const { frames, end } = decodeInChunks(make, whole.subarray(0, 7), []);
    assertEquals(frames, []);
    if (end.kind !== "ended-mid-frame") {
      throw new Error(`expected ended-mid-frame, got ${end.kind}`);
    }
    assertEquals(end.error.phase, "body");
    assertEquals(end.error.missingBytes, 6);
    assertEquals(
      end.error.message,
      "El flujo terminó a mitad de un mensaje: faltan 6 bytes",
    );
  },
);

eachDecoder(
  "rejects a length above maxFrameBytes before the body arrives",
  (make) => {
    const decoder = make({ maxFrameBytes: 1024 });
    decoder.push(new Uint8Array([0, 0, 4, 1])); // 1025: one byte over
    const step = decoder.next();
    if (step.kind !== "violation") {
      throw new Error(`expected a violation, got ${step.kind}`);
    }
    assertInstanceOf(step.error, FrameTooLargeError);
    assertInstanceOf(step.error, RangeError);
    assertEquals(step.error.announcedBytes, 1025);
  },
);

eachDecoder(
  "is poisoned by a violation: push refuses, next repeats it",
  (make) => {
    const decoder = make({ maxFrameBytes: 1024 });
    decoder.push(new Uint8Array([0, 0, 4, 1, 9])); // 1025: one byte over
    const step = decoder.next();
    if (step.kind !== "violation") {
      throw new Error(`expected a violation, got ${step.kind}`);
    }
    // more bytes neither resynchronise a corrupt stream nor get buffered
    const thrown = assertThrows(
      () => decoder.push(new Uint8Array(2000)),
      FrameTooLargeError,
    );
    assertEquals(thrown, step.error);
    assertThrows(() => decoder.push(new Uint8Array(0)), FrameTooLargeError);
    assertEquals(decoder.next(), step);
    assertEquals(decoder.next(), step);
  },
);

eachDecoder("refuses a chunk that is not a Uint8Array", (make) => {
  const decoder = make();
  const bytes = encodeFrame(enc.encode("ok"));
  for (const chunk of [bytes.buffer, new DataView(bytes.buffer), [0, 0]]) {
    const error = assertThrows(
      () => decoder.push(chunk as unknown as Uint8Array),
      TypeError,
    );
    assertEquals(
      /^No se puede agregar .*: se esperaba un Uint8Array$/.test(error.message),
      true,
    );
  }
  // nothing was half-taken: the decoder still decodes
  decoder.push(bytes);
  const step = decoder.next();
  assertEquals(step.kind === "frame" ? [...step.frame] : null, [111, 107]);
});

eachDecoder("accepts a length exactly at maxFrameBytes", (make) => {
  const { frames, end } = decodeInChunks(
    make,
    encodeFrame(new Uint8Array(1024)),
    [
      3,
      500,
    ],
    1024,
  );
  assertEquals(frames.length, 1);
  assertEquals(end.kind, "clean-end");
});

eachDecoder("rejects the default 16 MiB + 1 and a 4 GiB prefix", (make) => {
  for (const prefix of [[1, 0, 0, 1], [255, 255, 255, 255]]) {
    const decoder = make();
    decoder.push(new Uint8Array(prefix));
    assertEquals(decoder.next().kind, "violation");
  }
});

eachDecoder("rejects an invalid maxFrameBytes", (make) => {
  assertThrows(() => make({ maxFrameBytes: -1 }), RangeError);
  assertThrows(() => make({ maxFrameBytes: 1.5 }), RangeError);
  assertThrows(() => make({ maxFrameBytes: NaN }), RangeError);
  assertThrows(
    () => make({ maxFrameBytes: "1024" as unknown as number }),
    TypeError,
  );
});

eachDecoder("caps maxFrameBytes at 1 GiB", (make) => {
  assertEquals(MAX_FRAME_BYTES_LIMIT, 1024 * 1024 * 1024);
  make({ maxFrameBytes: MAX_FRAME_BYTES_LIMIT });
  for (const max of [MAX_FRAME_BYTES_LIMIT + 1, 0xffff_ffff]) {
    const error = assertThrows(() => make({ maxFrameBytes: max }), RangeError);
    assertEquals(
      error.message,
      `maxFrameBytes inválido (${max}): debe ser un entero entre 0 y 1.073.741.824`,
    );
  }
});

eachDecoder("carries a 1 MiB frame split into 64 KiB chunks intact", (make) => {
  const payload = new Uint8Array(1024 * 1024);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
  const bytes = encodeFrame(payload);
  const cuts = [];
  for (let c = 65536; c < bytes.length; c += 65536) cuts.push(c);
  const { frames, end } = decodeInChunks(make, bytes, cuts);
  assertEquals(frames.length, 1);
  assertEquals(frames[0], payload);
  assertEquals(end.kind, "clean-end");
});

eachDecoder(
  "round-trips random frames in random chunkings (seeded)",
  (make) => {
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    const cases = 300;
    let frameCount = 0;
    for (let c = 0; c < cases; c++) {
      const payloads = Array.from({ length: random.int(0, 12) }, () => {
        const size = random.next() < 0.1
          ? random.int(1000, 70000)
          : random.int(0, 40);
        const p = new Uint8Array(size);
        for (let i = 0; i < size; i++) p[i] = random.int(0, 255);
        return p;
      });
      frameCount += payloads.length;
      const bytes = encodeFrames(payloads);
      const cuts: number[] = [];
      let at = 0;
      while (at < bytes.length) {
        at += random.int(1, random.next() < 0.5 ? 8 : 4096);
        if (at < bytes.length) cuts.push(at);
      }
      const { frames, end } = decodeInChunks(make, bytes, cuts);
      assertEquals(frames, payloads, `seed ${seed}, case ${c}`);
      assertEquals(end.kind, "clean-end");
    }
    console.log(
      `seed ${seed} (replay with KIT_SEED=${seed}): ${cases} cases, ${frameCount} frames`,
    );
  },
);
