/**
 * The checked exercises of the notebooks (their checks live here, typed and tested).
 *
 * @module
 */

export * from "./start_here.ts";
export * from "./ipc_chapter.ts";
export * from "./ring_exercise.ts";
