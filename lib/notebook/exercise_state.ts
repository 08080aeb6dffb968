/**
 * Per-session exercise state: how many hints of each exercise were shown and
 * which exercises the reader has checked. Kept apart so the exercise runner
 * and the hint cells share it without importing each other.
 *
 * @module
 */

const hintsShown = new Map<string, number>();
const tried = new Set<string>();

/**
 * Hints of exercise `id` shown in this session.
 *
 * @example
 * ```ts
 * import { exerciseHintsShown, markExerciseHintShown } from "./exercise_state.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(exerciseHintsShown("doc-ej"), 0);
 * markExerciseHintShown("doc-ej");
 * assertEquals(exerciseHintsShown("doc-ej"), 1);
 * ```
 */
export function exerciseHintsShown(id: string): number {
  return hintsShown.get(id) ?? 0;
}

/** Counts one more hint of exercise `id` as shown. */
export function markExerciseHintShown(id: string): void {
  hintsShown.set(id, exerciseHintsShown(id) + 1);
}

/** Notes that the reader checked a solution of exercise `id`. */
export function markExerciseTried(id: string): void {
  tried.add(id);
}

/**
 * Whether the reader checked a solution of exercise `id` in this session.
 *
 * @example
 * ```ts
 * import { exerciseTried, markExerciseTried } from "./exercise_state.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(exerciseTried("doc-ej2"), false);
 * markExerciseTried("doc-ej2");
 * assertEquals(exerciseTried("doc-ej2"), true);
 * ```
 */
export function exerciseTried(id: string): boolean {
  return tried.has(id);
}
