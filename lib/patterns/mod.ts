/**
 * Patterns written once against `MessageDuplex`: the task queue served to a
 * worker pool with poison pills and redelivery.
 *
 * @module
 */

export * from "./work_queue.ts";
export * from "./task_protocol.ts";
export * from "./worker_pool.ts";
export * from "./message_queue.ts";
export * from "./timeline.ts";
