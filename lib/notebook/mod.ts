/**
 * The notebook toolkit: explicit display, charts, quizzes, exercises,
 * hints and the progress record.
 *
 * @module
 */

export * from "./display.ts";
export * from "./chart.ts";
export * from "./quiz.ts";
export * from "./exercise.ts";
export * from "./hints.ts";
export * from "./progress.ts";
export * from "./progress_table.ts";
export * from "./timeline_chart.ts";
