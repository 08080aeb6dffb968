/**
 * The notebook toolkit: explicit display, charts, quizzes and exercises.
 *
 * @module
 */

export * from "./display.ts";
export * from "./chart.ts";
export * from "./quiz.ts";
export * from "./exercise.ts";
export * from "./timeline_chart.ts";
