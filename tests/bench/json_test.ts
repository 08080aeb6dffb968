import { assert, assertEquals, assertThrows } from "@std/assert";
import { validateBenchRecords } from "../../lib/bench/records.ts";

const good = {
  mechanism: "tcp",
  runtime: "deno",
  size: 64,
  metric: "throughput",
  median: 2,
  min: 1,
  max: 3,
  unit: "msg/s",
  mbPerSecond: 0.000128,
  repetitions: 3,
};

Deno.test("validateBenchRecords accepts the documented schema", () => {
  assertEquals(validateBenchRecords([good]).length, 1);
  assertEquals(
    validateBenchRecords([{
      ...good,
      metric: "latency",
      unit: "us",
      p99: 9,
      mbPerSecond: undefined,
    }])
      .length,
    1,
  );
});

const tasks = {
  mechanism: "queue-workers",
  runtime: "deno",
  size: 0,
  metric: "tasks",
  median: 200,
  min: 100,
  max: 300,
  unit: "tasks/s",
  repetitions: 3,
  workers: 2,
  task: "tiny",
  speedUp: 1.4,
};

Deno.test("validateBenchRecords accepts task and ping-pong records", () => {
  assertEquals(
    validateBenchRecords([tasks, { ...good, method: "ping-pong" }]).length,
    2,
  );
});

Deno.test("validateBenchRecords rejects malformed task and ping-pong records", () => {
  const bad: [string, unknown][] = [
    ["tasks with the wrong unit", [{ ...tasks, unit: "msg/s" }]],
    ["tasks without workers", [{ ...tasks, workers: undefined }]],
    ["tasks with zero workers", [{ ...tasks, workers: 0 }]],
    ["tasks without a task kind", [{ ...tasks, task: "" }]],
    ["non-numeric speed-up", [{ ...tasks, speedUp: "fast" }]],
    ["unknown method", [{ ...good, method: "stream" }]],
  ];
  for (const [why, value] of bad) {
    assertThrows(
      () => validateBenchRecords(JSON.parse(JSON.stringify(value))),
      TypeError,
      undefined,
      why,
    );
  }
});

Deno.test("validateBenchRecords rejects every malformed record", () => {
  const bad: [string, unknown][] = [
    ["not an array", { ...good }],
    ["unknown runtime", [{ ...good, runtime: "java" }]],
    ["wrong unit for the metric", [{ ...good, unit: "us" }]],
    ["unknown metric", [{ ...good, metric: "speed" }]],
    ["median outside min..max", [{ ...good, median: 5 }]],
    ["non-finite figure", [{ ...good, max: Infinity }]],
    ["throughput without MB/s", [{ ...good, mbPerSecond: undefined }]],
    ["extra field", [{ ...good, note: "x" }]],
    ["negative size", [{ ...good, size: -1 }]],
  ];
  for (const [why, value] of bad) {
    assertThrows(
      () => validateBenchRecords(JSON.parse(JSON.stringify(value))),
      TypeError,
      undefined,
      why,
    );
  }
});

Deno.test("deno task bench --json writes records that match the schema", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/bench.json`;
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../lib/programs/bench.ts", import.meta.url).pathname,
        "--only",
        "memory",
        "--sizes",
        "64,4k",
        "--duration",
        "10",
        "--reps",
        "2",
        "--no-python",
        "--no-c",
        "--json",
        file,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    assert(output.success, new TextDecoder().decode(output.stderr));
    assert(text.includes("Latencia"), text);
    const records = validateBenchRecords(
      JSON.parse(await Deno.readTextFile(file)),
    );
    assertEquals(
      records.map((r) =>
        `${r.mechanism}/${r.runtime}/${r.size}/${r.metric}/${r.repetitions}`
      ),
      [
        "memory/deno/64/latency/2",
        "memory/deno/64/throughput/2",
        "memory/deno/4096/latency/2",
        "memory/deno/4096/throughput/2",
      ],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
