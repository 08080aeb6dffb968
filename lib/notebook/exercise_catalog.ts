/**
 * Every checked exercise of the kit, by chapter: what `pista("ej-id")` looks
 * up and what the progress table counts ("ejercicios aprobados: n de N").
 *
 * @module
 */

import type { ExerciseSpec } from "./exercise.ts";
import * as ch00 from "../exercises/ch00_start_here.ts";
import * as ch01 from "../exercises/ch01_processes.ts";
import * as ch02 from "../exercises/ch02_synchronization.ts";
import * as ch03 from "../exercises/ch03_pipes.ts";
import * as ch04 from "../exercises/ch04_queues.ts";
import * as ch05 from "../exercises/ch05_shared_memory.ts";
import * as ch06 from "../exercises/ch06_network_communication.ts";
import * as ch07 from "../exercises/ch07_sockets_and_mpi.ts";
import * as ch08 from "../exercises/ch08_workshop.ts";

/** An exercise of any solution type. */
// deno-lint-ignore no-explicit-any
export type AnyExercise = ExerciseSpec<any>;

function isExercise(value: unknown): value is AnyExercise {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "string" && typeof v.title === "string" &&
    Array.isArray(v.checks);
}

function specsOf(module: Record<string, unknown>): AnyExercise[] {
  return Object.values(module).filter(isExercise);
}

/** The exercises of each chapter, by the chapter's two-digit number. */
export const EXERCISES_BY_CHAPTER: Readonly<Record<string, AnyExercise[]>> = {
  "00": specsOf(ch00),
  "01": specsOf(ch01),
  "02": specsOf(ch02),
  "03": specsOf(ch03),
  "04": specsOf(ch04),
  "05": specsOf(ch05),
  "06": specsOf(ch06),
  "07": specsOf(ch07),
  "08": specsOf(ch08),
};

/**
 * Finds an exercise by id, with its chapter.
 *
 * @example
 * ```ts
 * import { findExercise } from "./exercise_catalog.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(findExercise("ej-marco")?.chapter, "00");
 * assertEquals(findExercise("no-existe"), undefined);
 * ```
 */
export function findExercise(
  id: string,
): { chapter: string; spec: AnyExercise } | undefined {
  for (const [chapter, specs] of Object.entries(EXERCISES_BY_CHAPTER)) {
    const spec = specs.find((s) => s.id === id);
    if (spec) return { chapter, spec };
  }
  return undefined;
}
