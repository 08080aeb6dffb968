/**
 * Synchronization on SharedArrayBuffer + Atomics, usable from any Worker
 * that receives the buffers: mutex, semaphore, event, Lamport's bakery, the
 * racy counter, and deadlock made, detected and avoided.
 *
 * @module
 */

export * from "./errors.ts";
export * from "./lock_table.ts";
export * from "./semaphore.ts";
export * from "./sync_event.ts";
export * from "./bakery.ts";
export * from "./counter.ts";
export * from "./deadlock.ts";
export * from "./two_locks.ts";
