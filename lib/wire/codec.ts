/**
 * Codecs: how values become the bytes a {@linkcode MessageDuplex} carries.
 *
 * Transports move bytes; programs think in strings and objects. A codec is the
 * one place where that conversion happens and where malformed input becomes a
 * typed error (invalid UTF-8 is a `TypeError`, invalid JSON a `SyntaxError`)
 * instead of a garbled value.
 *
 * @module
 */

import type { MessageDuplex } from "./duplex.ts";

/** Converts values of type `T` to bytes and back. */
export interface Codec<T> {
  /** The bytes that carry `value`. */
  encode(value: T): Uint8Array;
  /** The value carried by `bytes`; malformed bytes are a typed error. */
  decode(bytes: Uint8Array): T;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/**
 * UTF-8 text. Decoding rejects invalid UTF-8 with a `TypeError` rather than
 * inserting replacement characters.
 *
 * @example Round trip with accents
 * ```ts
 * import { textCodec } from "./codec.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(textCodec.decode(textCodec.encode("canción")), "canción");
 * assertThrows(() => textCodec.decode(new Uint8Array([0xff])), TypeError);
 * ```
 */
export const textCodec: Codec<string> = {
  encode: (value) => encoder.encode(value),
  decode(bytes) {
    try {
      return strictDecoder.decode(bytes);
    } catch (cause) {
      throw new TypeError("El mensaje no es texto UTF-8 válido", { cause });
    }
  },
};

/**
 * JSON over UTF-8. A message that is not JSON is a `SyntaxError` naming the
 * problem; values JSON cannot represent (`undefined`, functions) are a
 * `TypeError` on encode.
 *
 * @example Objects in, objects out
 * ```ts
 * import { jsonCodec } from "./codec.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const codec = jsonCodec<{ task: string }>();
 * assertEquals(codec.decode(codec.encode({ task: "2 + 2" })), { task: "2 + 2" });
 * assertThrows(() => codec.decode(new TextEncoder().encode("{nope")), SyntaxError);
 * ```
 */
export function jsonCodec<T>(): Codec<T> {
  return {
    encode(value) {
      const text = JSON.stringify(value);
      if (text === undefined) {
        throw new TypeError("El valor no se puede codificar como JSON");
      }
      return encoder.encode(text);
    },
    decode(bytes) {
      const text = textCodec.decode(bytes);
      try {
        return JSON.parse(text) as T;
      } catch (cause) {
        throw new SyntaxError(
          `El mensaje no es JSON válido: ${(cause as Error).message}`,
          { cause },
        );
      }
    },
  };
}

/** A duplex of typed values, built from a byte duplex and a codec. */
export interface TypedDuplex<T> extends AsyncDisposable {
  /** Encodes `value` and sends it as one message. */
  send(value: T): Promise<void>;
  /** The next message, decoded; `null` once the peer has closed. */
  receive(): Promise<T | null>;
  /** Closes the byte duplex underneath. */
  close(): Promise<void>;
  /** The byte duplex underneath. */
  readonly bytes: MessageDuplex;
}

/**
 * Puts a codec on top of a byte duplex.
 *
 * @example Sending JSON over an in-memory pair
 * ```ts
 * import { jsonCodec, withCodec } from "./codec.ts";
 * import { memoryDuplexPair } from "./memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = memoryDuplexPair();
 * await using left = withCodec(a, jsonCodec<number[]>());
 * await using right = withCodec(b, jsonCodec<number[]>());
 * await left.send([1, 2, 3]);
 * assertEquals(await right.receive(), [1, 2, 3]);
 * ```
 */
export function withCodec<T>(
  duplex: MessageDuplex,
  codec: Codec<T>,
): TypedDuplex<T> {
  return {
    bytes: duplex,
    send: (value) => duplex.send(codec.encode(value)),
    async receive() {
      const bytes = await duplex.receive();
      return bytes === null ? null : codec.decode(bytes);
    },
    close: () => duplex.close(),
    [Symbol.asyncDispose]: () => duplex.close(),
  };
}
