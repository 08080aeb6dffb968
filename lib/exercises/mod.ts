/**
 * The checked exercises of the notebooks (their checks live here, typed and tested).
 *
 * @module
 */

export * from "./start_here.ts";
