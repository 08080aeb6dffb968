import { assert, assertEquals, assertRejects } from "@std/assert";
import { runBenchmark } from "../../lib/bench/benchmark.ts";
import { validateBenchRecords } from "../../lib/bench/records.ts";
import {
  aggregateTaskRuns,
  formatTaskPatternText,
  runTaskPatterns,
  type TaskPatternRun,
} from "../../lib/bench/task_patterns.ts";

const run = (
  pattern: string,
  workers: number,
  tasksPerSecond: number,
  task: TaskPatternRun["task"] = "tiny",
): TaskPatternRun => ({ pattern, task, workers, tasks: 10, tasksPerSecond });

Deno.test("task records give min/median/max and the speed-up against 1 worker", () => {
  const records = validateBenchRecords(JSON.parse(JSON.stringify(
    aggregateTaskRuns([
      run("pipe-children", 1, 100),
      run("pipe-children", 4, 300),
      run("pipe-children", 1, 200),
      run("pipe-children", 4, 500),
      run("pipe-children", 1, 300),
      run("pipe-children", 4, 400),
      // Another kind of task has its own 1-worker reference.
      run("pipe-children", 1, 10, "wait"),
      run("pipe-children", 2, 15, "wait"),
    ]),
  )));
  assertEquals(
    records.map((r) => [r.task, r.workers, r.min, r.median, r.max, r.speedUp]),
    [
      ["tiny", 1, 100, 200, 300, 1],
      ["tiny", 4, 300, 400, 500, 2],
      ["wait", 1, 10, 10, 10, 1],
      ["wait", 2, 15, 15, 15, 1.5],
    ],
  );
  for (const r of records) {
    assertEquals([r.metric, r.unit, r.size, r.runtime], [
      "tasks",
      "tasks/s",
      0,
      "deno",
    ]);
  }
});

Deno.test("without a 1-worker run there is no speed-up", () => {
  const [record] = aggregateTaskRuns([run("queue-workers", 2, 50)]);
  assertEquals(record.speedUp, undefined);
});

Deno.test("every pattern runs tiny, timer-wait and CPU-bound tasks", async () => {
  const { runs, missing } = await runTaskPatterns({
    workers: [1, 2],
    kinds: ["tiny", "wait", "cpu"],
    durationMs: 16,
    waitMs: 1,
    primesBelow: 2000,
  });
  assertEquals(
    runs.map((r) => `${r.pattern}/${r.task}/${r.workers}/${r.tasks}`),
    [
      "farm-sockets/tiny/1/8",
      "farm-sockets/tiny/2/8",
      "farm-sockets/wait/1/4",
      "farm-sockets/wait/2/4",
      "farm-sockets/cpu/1/4",
      "farm-sockets/cpu/2/4",
      "pipe-children/tiny/1/8",
      "pipe-children/tiny/2/8",
      "pipe-children/wait/1/4",
      "pipe-children/wait/2/4",
      "pipe-children/cpu/1/4",
      "pipe-children/cpu/2/4",
      "queue-workers/tiny/1/8",
      "queue-workers/tiny/2/8",
      "queue-workers/wait/1/4",
      "queue-workers/wait/2/4",
      "queue-workers/cpu/1/4",
      "queue-workers/cpu/2/4",
    ],
  );
  assert(runs.every((r) => r.tasksPerSecond > 0));
  assertEquals(missing, []);
  // The CPU rows keep the records' schema, speed-up included.
  const records = validateBenchRecords(
    JSON.parse(JSON.stringify(aggregateTaskRuns(runs))),
  );
  const cpu = records.filter((r) => r.task === "cpu");
  assertEquals(cpu.length, 6);
  assert(cpu.every((r) => typeof r.speedUp === "number"));
  assertEquals(cpu.filter((r) => r.workers === 1).map((r) => r.speedUp), [
    1,
    1,
    1,
  ]);
});

Deno.test("a CPU task size outside the accepted range is a RangeError", async () => {
  for (
    const primesBelow of [
      -1, // negative
      2.5, // not an integer
      1e12, // hours of work
    ]
  ) {
    await assertRejects(
      () =>
        runTaskPatterns({
          patterns: ["queue-workers"],
          kinds: ["cpu"],
          primesBelow,
        }),
      RangeError,
      "El límite de primos",
    );
  }
});

Deno.test("an unknown pattern name is a RangeError", async () => {
  await assertRejects(
    () => runTaskPatterns({ patterns: ["carrier-pigeon"] }),
    RangeError,
    "Patrón de tareas desconocido",
  );
  // Inherited names are not patterns either.
  await assertRejects(
    () => runTaskPatterns({ patterns: ["toString"] }),
    RangeError,
  );
});

Deno.test("runBenchmark with pattern names runs only those patterns", async () => {
  const result = await runBenchmark({
    mechanisms: ["farm-sockets", "queue-workers"],
    durationMs: 8,
    repetitions: 2,
    python: false,
    c: false,
    tasks: { workers: [1, 2], kinds: ["tiny"] },
  });
  assertEquals(result.runs, []);
  assertEquals(
    result.records.map((r) =>
      `${r.mechanism}/${r.task}/${r.workers}/${r.repetitions}`
    ),
    [
      "farm-sockets/tiny/1/2",
      "farm-sockets/tiny/2/2",
      "queue-workers/tiny/1/2",
      "queue-workers/tiny/2/2",
    ],
  );
  assertEquals(result.taskRuns.length, 8);
  const text = formatTaskPatternText("Tareas", result.records);
  assert(text.includes("queue-workers") && text.includes("aceleración"), text);
});
