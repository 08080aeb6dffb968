/**
 * Benchmark figures as data: one run per repetition, and the records that
 * `deno task bench --json` writes (the schema is part of the kit's promise:
 * notebooks and the README read it).
 *
 * @module
 */

import { summarize, type Summary } from "./stats.ts";
import {
  type SendStrategy,
  strategyOf,
  type WaitStrategy,
} from "./strategies.ts";

/** Which implementation produced a figure (the record's `runtime`). */
export type BenchRuntime = BenchRecord["runtime"];

/** The runtimes, in table order. */
export const BENCH_RUNTIMES: readonly BenchRuntime[] = ["deno", "python", "c"];

/**
 * One repetition of one mechanism at one size: what every runtime reports,
 * so Deno, Python and C figures go through the same statistics.
 */
export interface BenchRun {
  /** The mechanism, in its runtime's own name (e.g. `"queue"` in Python). */
  mechanism: string;
  /** Which implementation ran it. */
  runtime: BenchRuntime;
  /** Message size in bytes. */
  size: number;
  /** Summary of this repetition's per-round-trip times (µs). */
  latency: Summary;
  /** One-way stream rate, messages per second. */
  messagesPerSecond: number;
  /** One-way stream rate, megabytes (10⁶ B) of payload per second. */
  megabytesPerSecond: number;
  /**
   * True when the figures come from a ping-pong (the MPI comparison): the
   * latency summary holds only the median round trip, so no p99 is known,
   * and throughput is derived from the one-way time, not from a stream.
   */
  pingPong?: boolean;
}

/** A mechanism that could not be measured, and why (never a made-up figure). */
export interface BenchMissing {
  /** The runtime that could not measure it. */
  runtime: BenchRecord["runtime"];
  /** Absent when a whole runtime is missing (no python3, no cc). */
  mechanism?: string;
  /** Why, in the words of the error that stopped it. */
  reason: string;
}

/** What a record measures (the record's `metric`). */
export type BenchMetric = BenchRecord["metric"];

/**
 * The unit of each metric (the validator insists on it).
 *
 * @example
 * ```ts
 * import { BENCH_UNITS } from "./records.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(BENCH_UNITS.tasks, "tasks/s");
 * ```
 */
export const BENCH_UNITS = {
  latency: "us",
  throughput: "msg/s",
  tasks: "tasks/s",
} as const satisfies Record<BenchMetric, BenchRecord["unit"]>;

/**
 * One line of `--json`: a metric of a mechanism at a size, across
 * repetitions. Task-pattern records (metric "tasks") have size 0 (their
 * messages are a few bytes) and say `workers`, `task` and `speedUp`.
 */
export interface BenchRecord {
  /** The mechanism, in its runtime's own name (e.g. `"queue"` in Python). */
  mechanism: string;
  /** Which implementation produced the figure. */
  runtime: "deno" | "python" | "c";
  /** Message size in bytes (0 for task records). */
  size: number;
  /** Round trips (`latency`), a one-way stream (`throughput`) or task rate (`tasks`). */
  metric: "latency" | "throughput" | "tasks";
  /** Median across repetitions of the per-repetition figure. */
  median: number;
  /** Smallest per-repetition figure. */
  min: number;
  /** Largest per-repetition figure. */
  max: number;
  /** The metric's unit: µs per round trip, messages/s, or tasks/s. */
  unit: "us" | "msg/s" | "tasks/s";
  /** Latency: median across repetitions of the per-repetition p99. */
  p99?: number;
  /** Throughput: median across repetitions of payload MB/s (10⁶ B). */
  mbPerSecond?: number;
  /** Repetitions behind the figure. */
  repetitions: number;
  /** "ping-pong": latency is the median round trip of a ping-pong (no p99)
   * and throughput is 1 / one-way time (msg/s) and size / one-way time (MB/s),
   * not a one-way stream. Absent for the stream protocol. */
  method?: "ping-pong";
  /** Tasks: how many workers (clients, children, Workers) ran them. */
  workers?: number;
  /** Tasks: which kind ("tiny", "wait", "cpu"). */
  task?: string;
  /** Tasks: median tasks/s ÷ median tasks/s of the same pattern with 1 worker. */
  speedUp?: number;
  /** How messages reach the operating system (see `strategies.ts`); absent
   * for mechanisms the bench does not classify (MPI, tasks). */
  send?: SendStrategy;
  /** How the reader waits: asleep in the kernel, or spinning first. */
  wait?: WaitStrategy;
}

/**
 * Builds a {@linkcode BenchRun} from raw latency samples and a throughput
 * count (what the Python and C baselines print).
 *
 * @example
 * ```ts
 * import { runFromRaw } from "./records.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = runFromRaw("tcp", "c", 64, [10, 20, 30], 1000, 0.5);
 * assertEquals([run.latency.median, run.messagesPerSecond], [20, 2000]);
 * assertEquals(run.megabytesPerSecond, 0.128);
 * ```
 */
export function runFromRaw(
  mechanism: string,
  runtime: BenchRuntime,
  size: number,
  latencySamplesUs: readonly number[],
  messages: number,
  seconds: number,
): BenchRun {
  if (!(seconds > 0) || !(messages >= 0)) {
    throw new RangeError(
      `Cifras de rendimiento no válidas: ${messages} mensajes en ${seconds} s`,
    );
  }
  const messagesPerSecond = messages / seconds;
  return {
    mechanism,
    runtime,
    size,
    latency: summarize(latencySamplesUs),
    messagesPerSecond,
    megabytesPerSecond: (messagesPerSecond * Math.max(1, size)) / 1e6,
  };
}

/**
 * Folds repetitions into records: per (runtime, mechanism, size) one latency
 * record (of the per-repetition medians) and one throughput record.
 *
 * @example Two repetitions become min/median/max
 * ```ts
 * import { aggregateRuns, runFromRaw } from "./records.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const records = aggregateRuns([
 *   runFromRaw("tcp", "deno", 64, [10], 100, 1),
 *   runFromRaw("tcp", "deno", 64, [30], 300, 1),
 * ]);
 * assertEquals(records.map((r) => [r.metric, r.min, r.median, r.max]), [
 *   ["latency", 10, 20, 30],
 *   ["throughput", 100, 200, 300],
 * ]);
 * ```
 */
export function aggregateRuns(runs: readonly BenchRun[]): BenchRecord[] {
  const groups = new Map<string, BenchRun[]>();
  for (const run of runs) {
    const key = `${run.runtime}\u0000${run.mechanism}\u0000${run.size}`;
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  const records: BenchRecord[] = [];
  for (const group of groups.values()) {
    const { mechanism, runtime, size } = group[0];
    const latency = summarize(group.map((r) => r.latency.median));
    const throughput = summarize(group.map((r) => r.messagesPerSecond));
    const pingPong = group.some((r) => r.pingPong);
    const strategy = strategyOf(runtime, mechanism) ?? {};
    records.push({
      mechanism,
      runtime,
      size,
      metric: "latency",
      median: latency.median,
      min: latency.min,
      max: latency.max,
      unit: "us",
      ...(pingPong
        ? { method: "ping-pong" as const }
        : { p99: summarize(group.map((r) => r.latency.p99)).median }),
      repetitions: group.length,
      ...strategy,
    }, {
      mechanism,
      runtime,
      size,
      metric: "throughput",
      median: throughput.median,
      min: throughput.min,
      max: throughput.max,
      unit: "msg/s",
      mbPerSecond: summarize(group.map((r) => r.megabytesPerSecond)).median,
      repetitions: group.length,
      ...(pingPong ? { method: "ping-pong" as const } : {}),
      ...strategy,
    });
  }
  return records;
}

const RECORD_KEYS = new Set([
  "mechanism",
  "runtime",
  "size",
  "metric",
  "median",
  "min",
  "max",
  "unit",
  "p99",
  "mbPerSecond",
  "repetitions",
  "method",
  "workers",
  "task",
  "speedUp",
  "send",
  "wait",
]);

/**
 * Checks that parsed JSON is an array of {@linkcode BenchRecord}s; anything
 * else is a `TypeError` naming the first bad field.
 *
 * @example
 * ```ts
 * import { validateBenchRecords } from "./records.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(() => validateBenchRecords([{ mechanism: "tcp" }]), TypeError);
 * ```
 */
export function validateBenchRecords(value: unknown): BenchRecord[] {
  if (!Array.isArray(value)) {
    throw new TypeError("Los registros de medición deben ser un arreglo JSON");
  }
  value.forEach((record, index) => {
    const fail = (why: string) => {
      throw new TypeError(`Registro de medición ${index}: ${why}`);
    };
    if (typeof record !== "object" || record === null) fail("no es un objeto");
    for (const key of Object.keys(record)) {
      if (!RECORD_KEYS.has(key)) fail(`campo inesperado «${key}»`);
    }
    if (typeof record.mechanism !== "string" || record.mechanism === "") {
      fail("mechanism debe ser un string no vacío");
    }
    if (!BENCH_RUNTIMES.includes(record.runtime)) {
      fail(`runtime debe ser uno de ${BENCH_RUNTIMES.join(", ")}`);
    }
    if (!Number.isInteger(record.size) || record.size < 0) {
      fail("size debe ser un entero ≥ 0");
    }
    const unit = (BENCH_UNITS as Record<string, string>)[record.metric];
    if (!Object.hasOwn(BENCH_UNITS, record.metric)) {
      fail('metric debe ser "latency", "throughput" o "tasks"');
    }
    if (record.unit !== unit) {
      fail(`unit de ${record.metric} debe ser "${unit}"`);
    }
    for (const key of ["median", "min", "max"]) {
      if (typeof record[key] !== "number" || !Number.isFinite(record[key])) {
        fail(`${key} debe ser un número finito`);
      }
    }
    if (!(record.min <= record.median && record.median <= record.max)) {
      fail("no se cumple min ≤ median ≤ max");
    }
    if (
      record.metric === "throughput" && typeof record.mbPerSecond !== "number"
    ) {
      fail("throughput necesita mbPerSecond");
    }
    if (record.method !== undefined && record.method !== "ping-pong") {
      fail('method, si está, debe ser "ping-pong"');
    }
    if (
      record.send !== undefined &&
      !["per-message", "batched", "shared-memory"].includes(record.send)
    ) {
      fail(
        'send, si está, debe ser "per-message", "batched" o "shared-memory"',
      );
    }
    if (
      record.wait !== undefined &&
      !["kernel", "helper", "spin"].includes(record.wait)
    ) {
      fail('wait, si está, debe ser "kernel", "helper" o "spin"');
    }
    if (record.metric === "tasks") {
      if (!Number.isInteger(record.workers) || record.workers < 1) {
        fail("tasks necesita workers, un entero positivo");
      }
      if (typeof record.task !== "string" || record.task === "") {
        fail("tasks necesita task, un string no vacío");
      }
    }
    if (
      record.speedUp !== undefined &&
      (typeof record.speedUp !== "number" || !Number.isFinite(record.speedUp))
    ) {
      fail("speedUp debe ser un número finito");
    }
  });
  return value as BenchRecord[];
}
