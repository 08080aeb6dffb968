/**
 * POSIX message queues (`mq_open`, `mq_send`, `mq_receive`, …) from Deno
 * through FFI on Linux: named kernel queues with priorities that any
 * process can open, and that outlive their creator until unlinked.
 *
 * @module
 */

export * from "./errors.ts";
export * from "./types.ts";
export * from "./posix_queue.ts";
export * from "./open.ts";
export * from "./demo.ts";
