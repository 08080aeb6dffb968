/**
 * Typed errors of the wire layer.
 *
 * A learner debugging a socket needs to know *which* thing went wrong: the peer
 * sent a length the kit refuses to allocate, the stream ended in the middle of a
 * frame, or the duplex was already closed. Each case is its own class so callers
 * (and tests) can tell them apart with `instanceof` instead of parsing messages.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";

/** The Spanish infinitive a learner reads for an operation name in code. */
const VERBS: Record<string, string> = {
  send: "enviar",
  receive: "recibir",
  accept: "aceptar conexiones",
  connect: "conectar",
  put: "encolar",
  get: "desencolar",
  write: "escribir",
  read: "leer",
};

function verbOf(operation: string): string {
  return VERBS[operation] ?? operation;
}

/**
 * A frame announced a length above the decoder's `maxFrameBytes`.
 *
 * Raised *before* allocating the body, so a hostile or corrupt prefix cannot
 * make the process reserve gigabytes.
 *
 * @example Telling an oversized frame apart
 * ```ts
 * import { FrameTooLargeError } from "./errors.ts";
 * import { assert } from "@std/assert";
 *
 * const error = new FrameTooLargeError(5_000_000_000, 16 * 1024 * 1024);
 * assert(error instanceof RangeError);
 * assert(error.announcedBytes === 5_000_000_000);
 * ```
 */
export class FrameTooLargeError extends RangeError {
  /** The length the 4-byte prefix announced. */
  readonly announcedBytes: number;
  /** The largest body the decoder accepts. */
  readonly maxFrameBytes: number;

  /** Builds the error from the announced length and the configured limit. */
  constructor(announcedBytes: number, maxFrameBytes: number) {
    super(
      `Un mensaje anuncia ${
        formatNumber(announcedBytes)
      } bytes y el máximo es ${
        formatNumber(maxFrameBytes)
      } bytes (maxFrameBytes)`,
    );
    this.name = "FrameTooLargeError";
    this.announcedBytes = announcedBytes;
    this.maxFrameBytes = maxFrameBytes;
  }
}

/**
 * The byte stream ended inside a frame: the peer vanished mid-message.
 *
 * Never turned into a short message: the bytes that did arrive are reported
 * by count, and `missingBytes` says how many more the frame needed.
 *
 * @example Reading what was missing
 * ```ts
 * import { TruncatedFrameError } from "./errors.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const error = new TruncatedFrameError("body", 7);
 * assertEquals(error.missingBytes, 7);
 * assertEquals(error.phase, "body");
 * ```
 */
export class TruncatedFrameError extends Error {
  /** Whether the stream ended inside the 4-byte prefix or inside the body. */
  readonly phase: "prefix" | "body";
  /** How many more bytes the frame needed to be complete. */
  readonly missingBytes: number;

  /** Builds the error from the phase and the number of missing bytes. */
  constructor(phase: "prefix" | "body", missingBytes: number) {
    super(
      `El flujo terminó a mitad de ${
        phase === "prefix" ? "un prefijo de largo" : "un mensaje"
      }: falta${missingBytes === 1 ? "" : "n"} ${
        formatNumber(missingBytes)
      } byte${missingBytes === 1 ? "" : "s"}`,
    );
    this.name = "TruncatedFrameError";
    this.phase = phase;
    this.missingBytes = missingBytes;
  }
}

/**
 * An operation was attempted on a duplex that was already closed locally.
 *
 * @example Sending after close is a typed error
 * ```ts
 * import { DuplexClosedError } from "./errors.ts";
 * import { assert } from "@std/assert";
 *
 * assert(new DuplexClosedError("send") instanceof Error);
 * ```
 */
export class DuplexClosedError extends Error {
  /** The operation that was refused, e.g. `"send"` or `"accept"`. */
  readonly operation: string;
  /** Builds the error for the operation that was refused. */
  constructor(operation: string) {
    super(`No se puede ${verbOf(operation)}: el canal ya está cerrado`);
    this.name = "DuplexClosedError";
    this.operation = operation;
  }
}

/**
 * The peer broke the protocol in a way that is not about framing: bytes that
 * are not valid UTF-8 or JSON, an unknown message kind, a reply to nothing.
 *
 * @example A protocol error carries its cause
 * ```ts
 * import { ProtocolError } from "./errors.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const error = new ProtocolError("Unexpected message kind", {
 *   cause: new SyntaxError("bad"),
 * });
 * assertEquals(error.name, "ProtocolError");
 * ```
 */
export class ProtocolError extends Error {
  /** Builds the error; pass the underlying failure as `cause`. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ProtocolError";
  }
}
