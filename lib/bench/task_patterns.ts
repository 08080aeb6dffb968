/**
 * The workshop's task-distribution patterns in `deno task bench`: tasks/s
 * per pattern, task kind and number of workers, with the speed-up against
 * one worker. Each run is {@linkcode timeWorkshopMethod} (start-up of the
 * workers, children or connections included), so the bench and notebook 08
 * time exactly the same programs.
 *
 * Records (metric "tasks", unit "tasks/s", size 0, runtime "deno") carry
 * `workers`, `task` and `speedUp` = median tasks/s ÷ the same pattern's
 * median tasks/s with 1 worker.
 *
 * @module
 */

import type { BenchMissing, BenchRecord } from "./records.ts";
import { formatFigure, formatTextTable } from "./report.ts";
import { summarize } from "./stats.ts";
import { timeWorkshopMethod, type WorkshopMethod } from "./workshop.ts";
import { assertPrimesBound } from "../patterns/task_protocol.ts";

/** Bench names of the workshop's patterns, and the method each one runs. */
export const TASK_PATTERNS: Readonly<Record<string, WorkshopMethod>> = {
  "farm-sockets": "sockets",
  "pipe-children": "pipes",
  "queue-workers": "queues",
};

/**
 * Task kinds: "tiny" (no work: distribution overhead alone), "wait" (each
 * task waits `waitMs` on a timer: overlap without CPU), "cpu" (each task
 * counts the primes below `primesBelow`: real computation, so workers
 * beyond the machine's cores cannot add speed).
 */
export type TaskKind = "tiny" | "wait" | "cpu";

/** Every kind, in table order. */
export const TASK_KINDS: readonly TaskKind[] = ["tiny", "wait", "cpu"];

/** One timed run of a pattern. */
export interface TaskPatternRun {
  pattern: string;
  task: TaskKind;
  workers: number;
  tasks: number;
  tasksPerSecond: number;
}

/** Options of {@linkcode runTaskPatterns}. */
export interface TaskPatternOptions {
  /** Pattern names (default every one of {@linkcode TASK_PATTERNS}). */
  patterns?: readonly string[];
  /** Default every kind; those the kit cannot run are reported missing. */
  kinds?: readonly TaskKind[];
  /** Worker counts (default 1, 2, 4). */
  workers?: readonly number[];
  /** Sets the task counts: tiny = duration / 2, wait = duration / 4,
   * cpu = duration / 8 (default 200 ms: 100 tiny tasks, 50 waiting ones,
   * 25 CPU-bound ones). */
  durationMs?: number;
  /** How long a "wait" task waits (default 5 ms). */
  waitMs?: number;
  /** Size of a "cpu" task: primes counted below this bound (default
   * {@linkcode DEFAULT_CPU_PRIMES_BELOW}). */
  primesBelow?: number;
  onStep?: (step: { pattern: string; task: TaskKind; workers: number }) => void;
}

/**
 * Default size of a "cpu" task: about 10 ms of one core on the machine the
 * kit was written on, so 25 tasks dwarf the start-up of a few workers.
 */
export const DEFAULT_CPU_PRIMES_BELOW = 250_000;

/** Divides the duration (ms) into a task count, per kind. */
const MS_PER_TASK: Readonly<Record<TaskKind, number>> = {
  tiny: 2,
  wait: 4,
  cpu: 8,
};

/**
 * One repetition: every pattern × kind × worker count, timed. `missing`
 * would list a (pattern, kind) the kit cannot run (mechanism
 * "pattern/kind"), never estimated; every pattern runs every kind today.
 *
 * @example Queue over 2 Workers, every kind of task
 * ```ts
 * import { runTaskPatterns } from "./task_patterns.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const { runs, missing } = await runTaskPatterns({
 *   patterns: ["queue-workers"], kinds: ["tiny", "wait", "cpu"],
 *   workers: [2], durationMs: 20, waitMs: 1, primesBelow: 1000,
 * });
 * // tiny = 20 ms / 2, wait = 20 ms / 4, cpu = 20 ms / 8 (at least 4)
 * assertEquals(runs.map((r) => `${r.pattern}/${r.task}/${r.workers}/${r.tasks}`), [
 *   "queue-workers/tiny/2/10", "queue-workers/wait/2/5", "queue-workers/cpu/2/4",
 * ]);
 * assert(runs.every((r) => r.tasksPerSecond > 0));
 * assertEquals(missing, []);
 * ```
 */
export async function runTaskPatterns(
  options: TaskPatternOptions = {},
): Promise<{ runs: TaskPatternRun[]; missing: BenchMissing[] }> {
  const patterns = options.patterns ?? Object.keys(TASK_PATTERNS);
  const kinds = options.kinds ?? TASK_KINDS;
  const workerCounts = options.workers ?? [1, 2, 4];
  const durationMs = options.durationMs ?? 200;
  const waitMs = options.waitMs ?? 5;
  const primesBelow = options.primesBelow ?? DEFAULT_CPU_PRIMES_BELOW;
  if (!(durationMs > 0) || !(waitMs > 0)) {
    throw new RangeError("durationMs y waitMs deben ser positivos");
  }
  assertPrimesBound(primesBelow);
  const runs: TaskPatternRun[] = [];
  const missing: BenchMissing[] = [];
  for (const pattern of patterns) {
    if (!Object.hasOwn(TASK_PATTERNS, pattern)) {
      throw new RangeError(
        `Patrón de tareas desconocido «${pattern}» (conocidos: ${
          Object.keys(TASK_PATTERNS).join(", ")
        })`,
      );
    }
    const method = TASK_PATTERNS[pattern];
    for (const task of kinds) {
      const tasks = Math.max(4, Math.round(durationMs / MS_PER_TASK[task]));
      for (const workers of workerCounts) {
        options.onStep?.({ pattern, task, workers });
        const run = await timeWorkshopMethod(method, {
          workers,
          tasks,
          workMs: task === "wait" ? waitMs : 0,
          ...(task === "cpu" ? { primesBelow } : {}),
        });
        runs.push({
          pattern,
          task,
          workers,
          tasks,
          tasksPerSecond: run.tasksPerSecond,
        });
      }
    }
  }
  return { runs, missing };
}

/**
 * Folds repetitions into "tasks" records: min/median/max tasks/s per
 * (pattern, kind, workers), and the speed-up against 1 worker when the run
 * had one.
 *
 * @example Two repetitions, 1 and 2 workers
 * ```ts
 * import { aggregateTaskRuns } from "./task_patterns.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = (workers: number, tasksPerSecond: number) =>
 *   ({ pattern: "queue-workers", task: "tiny" as const, workers, tasks: 10, tasksPerSecond });
 * const records = aggregateTaskRuns([run(1, 100), run(2, 150), run(1, 300), run(2, 450)]);
 * assertEquals(records.map((r) => [r.workers, r.median, r.speedUp]), [[1, 200, 1], [2, 300, 1.5]]);
 * ```
 */
export function aggregateTaskRuns(
  runs: readonly TaskPatternRun[],
): BenchRecord[] {
  const groups = new Map<string, TaskPatternRun[]>();
  for (const run of runs) {
    const key = `${run.pattern}\u0000${run.task}\u0000${run.workers}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const medianOf = (pattern: string, task: string, workers: number) => {
    const group = groups.get(`${pattern}\u0000${task}\u0000${workers}`);
    return group ? summarize(group.map((r) => r.tasksPerSecond)).median : null;
  };
  return [...groups.values()].map((group) => {
    const { pattern, task, workers } = group[0];
    const figures = summarize(group.map((r) => r.tasksPerSecond));
    const one = medianOf(pattern, task, 1);
    return {
      mechanism: pattern,
      runtime: "deno",
      size: 0,
      metric: "tasks",
      median: figures.median,
      min: figures.min,
      max: figures.max,
      unit: "tasks/s",
      repetitions: group.length,
      workers,
      task,
      ...(one ? { speedUp: figures.median / one } : {}),
    };
  });
}

/**
 * The terminal table of "tasks" records: pattern × kind × workers, median
 * tasks/s with the spread across repetitions, and the speed-up.
 *
 * @example
 * ```ts
 * import { aggregateTaskRuns, formatTaskPatternText } from "./task_patterns.ts";
 * import { assert } from "@std/assert";
 *
 * const text = formatTaskPatternText("Tareas", aggregateTaskRuns([
 *   { pattern: "pipe-children", task: "tiny", workers: 1, tasks: 8, tasksPerSecond: 200 },
 *   { pattern: "pipe-children", task: "tiny", workers: 2, tasks: 8, tasksPerSecond: 300 },
 * ]));
 * assert(text.includes("pipe-children") && text.includes("1,50"));
 * ```
 */
export function formatTaskPatternText(
  title: string,
  records: readonly BenchRecord[],
): string {
  const body = records
    .filter((r) => r.metric === "tasks")
    .map((r) => [
      r.mechanism,
      r.task ?? "",
      String(r.workers ?? ""),
      formatFigure(r.median, 1),
      `${formatFigure(r.min, 1)}–${formatFigure(r.max, 1)}`,
      formatFigure(r.speedUp ?? null, 2),
    ]);
  return formatTextTable(
    title,
    [
      "patrón",
      "tarea",
      "workers",
      "tareas/s",
      "mín–máx",
      "aceleración",
    ],
    body,
    2,
  );
}
