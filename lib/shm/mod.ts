/**
 * Shared memory between processes: POSIX `shm_open`/`mmap` and futex
 * wake-ups through FFI (Linux).
 *
 * @module
 */

export * from "./shared_memory.ts";
export * from "./averages.ts";
export * from "./thread_averages.ts";
