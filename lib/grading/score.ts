/**
 * Turns one grading run into a gradebook row: the points of every quiz (from
 * the progress record the kernel wrote) and exercise (the record's last run
 * of the visible checks, plus the hidden checks the grader's cells ran), the
 * total, the status and its Spanish reasons.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { EXERCISES_BY_CHAPTER } from "../notebook/exercise_catalog.ts";
import { QUIZ_BANKS } from "../notebook/quiz_bank.ts";
import type { ProgressRecord } from "../notebook/progress_format.ts";
import type { GradedCheck, KernelExerciseResult } from "./hidden.ts";
import {
  exercisePoints,
  maxPoints,
  type PointsConfig,
  quizPoints,
  roundPoints,
} from "./points.ts";
import type { GradedCell, RunBounds, RunnerReport } from "./runner.ts";
import { cellIncidents, plural } from "./incidents.ts";

/** The gradebook's status of a submission. */
export type GradeStatus =
  | "calificado"
  | "calificado con incidentes"
  | "no calificado";

/** One quiz's or exercise's points. */
export interface ItemGrade {
  /** The column: `chapter/id` for a quiz, the id for an exercise. */
  column: string;
  kind: "quiz" | "exercise";
  points: number;
  max: number;
  /** What the points come from, in Spanish (e.g. "4 de 6 comprobaciones"). */
  note: string;
  /** The failed checks (exercises only). */
  failures: GradedCheck[];
  /** Checks passed, visible and hidden (exercises only). */
  passed?: number;
  /** Checks counted, visible and hidden (exercises only). */
  total?: number;
}

/** One submission's row. */
export interface SubmissionGrade {
  file: string;
  chapter: string | null;
  status: GradeStatus;
  /** Spanish reasons behind the status, warnings first. */
  details: string[];
  items: ItemGrade[];
  total: number;
  max: number;
  /** What happened to each code cell (empty when nothing ran). */
  cells: Pick<GradedCell, "id" | "grader" | "status" | "error">[];
}

/** A row for a submission that could not be run. */
export function ungradedRow(
  file: string,
  chapter: string | null,
  reason: string,
): SubmissionGrade {
  return {
    file,
    chapter,
    status: "no calificado",
    details: [reason],
    items: [],
    total: 0,
    max: 0,
    cells: [],
  };
}

function quizColumns(
  chapter: string | null,
  progress: ProgressRecord,
): string[] {
  const banked = chapter
    ? (QUIZ_BANKS[chapter]?.questions ?? []).map((q) => `${chapter}/${q.id}`)
    : [];
  const extra = Object.keys(progress.quizzes).filter((k) => !banked.includes(k))
    .sort();
  return [...banked, ...extra];
}

function exerciseGrade(
  id: string,
  chapter: string | null,
  progress: ProgressRecord,
  kernel: KernelExerciseResult | undefined,
  hiddenCount: number,
  points: PointsConfig,
): ItemGrade {
  const record = progress.exercises[id];
  const catalogTotal = chapter
    ? EXERCISES_BY_CHAPTER[chapter]?.find((s) => s.id === id)?.checks.length
    : undefined;
  const visibleTotal = record?.total || catalogTotal ||
    kernel?.visible.length || 1;
  const visiblePassed = record?.passed ?? 0;
  const hiddenPassed = kernel?.hidden.filter((c) => c.passed).length ?? 0;
  const passed = visiblePassed + hiddenPassed;
  const total = visibleTotal + hiddenCount;
  const notes = [
    hiddenCount > 0
      ? `${formatNumber(visiblePassed)} de ${
        formatNumber(visibleTotal)
      } comprobaciones visibles y ${formatNumber(hiddenPassed)} de ${
        formatNumber(hiddenCount)
      } ocultas`
      : `${formatNumber(visiblePassed)} de ${
        formatNumber(visibleTotal)
      } comprobaciones`,
  ];
  if (!record) notes.push("el cuaderno no llegó a comprobarlo");
  if (kernel?.error) notes.push(kernel.error);
  else if (!kernel && hiddenCount > 0) {
    notes.push(
      "las comprobaciones ocultas no corrieron (la celda del ejercicio no terminó o no llama a checkExercise)",
    );
  }
  return {
    column: id,
    kind: "exercise",
    points: exercisePoints(points, id, passed, total),
    max: maxPoints(points, id, "exercise"),
    note: notes.join("; "),
    failures: kernel
      ? [...kernel.visible, ...kernel.hidden].filter((c) => !c.passed)
      : [],
    passed,
    total,
  };
}

/** Everything one run produced, for {@linkcode scoreSubmission}. */
export interface RunEvidence {
  file: string;
  chapter: string | null;
  warnings: string[];
  report: RunnerReport;
  progress: ProgressRecord;
  /** What each grader cell wrote (`undefined` when it wrote nothing). */
  kernelResults: (KernelExerciseResult | undefined)[];
  /** Hidden checks per exercise id. */
  hiddenCounts: Readonly<Record<string, number>>;
  bounds: RunBounds;
}

/** Scores one run (see the module doc for the rules). */
export function scoreSubmission(
  evidence: RunEvidence,
  points: PointsConfig,
): SubmissionGrade {
  const { chapter, progress, report } = evidence;
  if (report.cells.length === 0 && report.failure) {
    return ungradedRow(
      evidence.file,
      chapter,
      `no se pudo ejecutar: ${report.failure}`,
    );
  }
  const items: ItemGrade[] = quizColumns(chapter, progress).map((column) => {
    const entry = progress.quizzes[column];
    const note = !entry ? "sin responder" : entry.solved
      ? [
        entry.firstTryRight
          ? "correcta al primer intento"
          : "correcta tras errar",
        ...(entry.revealed ? ["respuesta vista antes de acertar"] : []),
      ].join("; ")
      : `sin acertar (${plural(entry.attempts, "intento", "intentos")})`;
    return {
      column,
      kind: "quiz" as const,
      points: quizPoints(points, column, entry),
      max: maxPoints(points, column, "quiz"),
      note,
      failures: [],
    };
  });
  const kernel = new Map(
    evidence.kernelResults.flatMap((r) => (r?.id ? [[r.id, r] as const] : [])),
  );
  const exerciseIds = new Set([
    ...(chapter ? (EXERCISES_BY_CHAPTER[chapter] ?? []).map((s) => s.id) : []),
    ...Object.keys(progress.exercises),
    ...kernel.keys(),
  ]);
  for (const id of exerciseIds) {
    items.push(
      exerciseGrade(
        id,
        chapter,
        progress,
        kernel.get(id),
        evidence.hiddenCounts[id] ?? 0,
        points,
      ),
    );
  }
  const incidents = cellIncidents(report.cells, evidence.bounds);
  if (report.failure) {
    incidents.push(`la ejecución se detuvo: ${report.failure}`);
  }
  return {
    file: evidence.file,
    chapter,
    status: incidents.length > 0 ? "calificado con incidentes" : "calificado",
    details: [...evidence.warnings, ...incidents],
    items,
    total: roundPoints(items.reduce((s, i) => s + i.points, 0)),
    max: roundPoints(items.reduce((s, i) => s + i.max, 0)),
    cells: report.cells.map(({ id, grader, status, error }) => ({
      id,
      grader,
      status,
      error,
    })),
  };
}
