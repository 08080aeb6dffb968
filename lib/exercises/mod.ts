/**
 * The checked exercises of the notebooks (their checks live here, typed and tested).
 *
 * @module
 */

export * from "./ch00_start_here.ts";
export * from "./ipc_chapter.ts";
export * from "./ch05_shared_memory.ts";
