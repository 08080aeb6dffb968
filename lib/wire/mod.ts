/**
 * The wire layer: the {@linkcode MessageDuplex} interface, length-prefix
 * framing, codecs and an in-memory pair.
 *
 * @module
 */

export * from "./duplex.ts";
export * from "./errors.ts";
export * from "./frame.ts";
export * from "./framed.ts";
export * from "./codec.ts";
export * from "./memory.ts";
export * from "./echo.ts";
