import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  parseKitSuiteLine,
  runKitSuiteIsolated,
} from "../../lib/bench/kit_isolated.ts";
import { parseKitSuiteArgs } from "../../lib/bench/kit_suite_program.ts";

const summary = {
  count: 3,
  min: 1,
  max: 3,
  mean: 2,
  median: 2,
  p90: 3,
  p99: 3,
  stdev: 1,
};
const run = {
  mechanism: "unix-block",
  runtime: "deno",
  size: 64,
  latency: summary,
  messagesPerSecond: 1000,
  megabytesPerSecond: 0.064,
};

Deno.test("parseKitSuiteLine takes steps, runs and misses, and nothing else", () => {
  assertEquals(parseKitSuiteLine(JSON.stringify({ run })), { run });
  assertEquals(
    parseKitSuiteLine('{"missing":{"mechanism":"x","reason":"why"}}'),
    { missing: { runtime: "deno", mechanism: "x", reason: "why" } },
  );
  const bad: string[] = [
    "",
    "garbage",
    "[1,2]",
    "null",
    '{"step":{"mechanism":"tcp","size":-1}}',
    '{"step":{"mechanism":7,"size":64}}',
    JSON.stringify({ run: { ...run, runtime: "c" } }),
    JSON.stringify({ run: { ...run, messagesPerSecond: null } }),
    JSON.stringify({ run: { ...run, size: 6.5 } }),
    JSON.stringify({ run: { ...run, latency: { ...summary, p99: "3" } } }),
    JSON.stringify({ run: { ...run, latency: [] } }),
    '{"missing":{"mechanism":"x"}}',
  ];
  for (const line of bad) {
    assertThrows(() => parseKitSuiteLine(line), TypeError, undefined, line);
  }
});

Deno.test("parseKitSuiteArgs refuses what it cannot measure", () => {
  assertEquals(parseKitSuiteArgs(["ring", "0,1048576", "5"]), {
    mechanism: "ring",
    sizes: [0, 1048576],
    durationMs: 5,
  });
  for (
    const args of [
      [],
      ["tcp", "64"],
      ["tcp", "", "5"],
      ["tcp", "64,-1", "5"],
      ["tcp", "64", "0"],
      ["tcp", "64", "soon"],
      ["tcp", "64", "5", "extra"],
    ]
  ) {
    assertThrows(
      () => parseKitSuiteArgs(args),
      TypeError,
      undefined,
      args.join(" "),
    );
  }
});

Deno.test("each mechanism runs in its own process; one that overruns its bound is reported missing", async () => {
  const measured = await runKitSuiteIsolated({
    mechanisms: ["memory", "unix-block"],
    sizes: [64, 4096],
    durationMs: 5,
  });
  assertEquals(
    measured.runs.map((r) => [r.mechanism, r.size]),
    [["memory", 64], ["memory", 4096], ["unix-block", 64], [
      "unix-block",
      4096,
    ]],
  );
  assertEquals(measured.missing, []);
  const late = await runKitSuiteIsolated({
    mechanisms: ["memory"],
    sizes: [64],
    durationMs: 5,
    timeoutMs: 1,
  });
  assertEquals(late.runs, []);
  assertEquals(late.missing.length, 1);
  assert(late.missing[0].reason.includes("plazo"), late.missing[0].reason);
});
