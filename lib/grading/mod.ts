/**
 * The grader for submitted notebooks (`deno task grade`) and the students'
 * own check (`deno task mis-ejercicios`). Instructors' hidden-check modules
 * import {@linkcode defineHiddenChecks} from here.
 *
 * @module
 */

export {
  defineHiddenChecks,
  type GradedCheck,
  type HiddenCheck,
  type HiddenChecks,
} from "./hidden.ts";
export {
  gradeAll,
  type GradeOptions,
  gradeSubmission,
  listSubmissions,
  writeGradebook,
} from "./grade.ts";
export { DEFAULT_POINTS, parsePoints, type PointsConfig } from "./points.ts";
export { DEFAULT_BOUNDS, type RunBounds } from "./runner.ts";
export type { GradeStatus, ItemGrade, SubmissionGrade } from "./score.ts";
export { exerciseVerdicts } from "./my_exercises.ts";
