import { assertEquals, assertThrows } from "@std/assert";
import {
  jsonCodec,
  memoryDuplexPair,
  textCodec,
  withCodec,
} from "../../lib/wire/mod.ts";

Deno.test("textCodec round-trips UTF-8 text of every script", () => {
  const cases = [
    "", // empty
    "waku waku", // ASCII
    "Proceso 1 recibió: ñandú", // Latin with accents
    "进程与线程", // CJK (3 bytes per character)
    "🚀🧵", // astral plane (4 bytes per character)
  ];
  for (const text of cases) {
    assertEquals(textCodec.decode(textCodec.encode(text)), text);
  }
});

Deno.test("textCodec rejects invalid UTF-8 with a TypeError instead of replacing bytes", () => {
  const cases = [
    [0xff], // never valid
    [0xc3], // truncated two-byte sequence
    [0xed, 0xa0, 0x80], // encoded surrogate
  ];
  for (const bytes of cases) {
    assertThrows(
      () => textCodec.decode(new Uint8Array(bytes)),
      TypeError,
      "no es texto UTF-8 válido",
    );
  }
});

Deno.test("jsonCodec round-trips nested values", () => {
  const codec = jsonCodec<unknown>();
  const value = { tarea: "2 + 2", ids: [1, 2, 3], ok: true, nada: null };
  assertEquals(codec.decode(codec.encode(value)), value);
});

Deno.test("jsonCodec rejects malformed JSON with a SyntaxError", () => {
  const codec = jsonCodec<unknown>();
  assertThrows(
    () => codec.decode(new TextEncoder().encode("{tarea: 1}")),
    SyntaxError,
    "no es JSON válido",
  );
});

Deno.test("jsonCodec refuses to encode values JSON cannot represent", () => {
  const codec = jsonCodec<unknown>();
  assertThrows(() => codec.encode(undefined), TypeError);
  assertThrows(() => codec.encode(() => 1), TypeError);
});

Deno.test("withCodec sends typed values over a byte duplex", async () => {
  const [a, b] = memoryDuplexPair();
  await using left = withCodec(a, textCodec);
  await using right = withCodec(b, textCodec);
  await left.send("hola");
  await left.close();
  assertEquals(await right.receive(), "hola");
  assertEquals(await right.receive(), null);
});
