/**
 * One adapter per IPC mechanism, each a {@linkcode MessageDuplex}.
 *
 * @module
 */

export * from "./tcp.ts";
