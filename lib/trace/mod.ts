/**
 * Message traces at the duplex layer, logical clocks, space-time diagrams,
 * ShiViz/JSON exports and reading quizzes. `children/` and `programs/`
 * hold entry files run as processes or ranks: never re-exported.
 *
 * @module
 */

export * from "./events.ts";
export * from "./label.ts";
export * from "./clocks.ts";
export * from "./duplex.ts";
export * from "./communicator.ts";
export * from "./pool.ts";
export * from "./lossy.ts";
export * from "./layout.ts";
export * from "./render.ts";
export * from "./export.ts";
export * from "./quiz.ts";
export * from "./scenarios.ts";
export * from "./lines.ts";
export * from "./pipes.ts";
export * from "./reliable_trace.ts";
export * from "./spmd_runs.ts";
