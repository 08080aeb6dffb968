/**
 * Notebook 08's exercise: the reference passes; the notebook's starter and
 * plausible wrong solutions fail, each on the check and with the message
 * that names its mistake.
 */
import { assert, assertEquals } from "@std/assert";
import {
  checkExercise,
  type CheckOutcome,
} from "../../lib/notebook/exercise.ts";
import type { BenchRecord } from "../../lib/bench/records.ts";
import {
  type ThroughputWinner,
  throughputWinnerExercise,
} from "../../lib/exercises/ch08_workshop.ts";

type Rows = readonly BenchRecord[];

function reference(rows: Rows, size: number): string | null {
  let best: BenchRecord | null = null;
  for (const r of rows) {
    if (r.runtime !== "deno" || r.metric !== "throughput" || r.size !== size) {
      continue;
    }
    if (best === null || r.median > best.median) best = r;
  }
  return best?.mechanism ?? null;
}

/** The notebook's starter, verbatim (cell c33): always null. */
function starter(rows: Rows, size: number): string | null {
  const candidatas = rows.filter((r) =>
    r.runtime === "deno" && r.size === size
  );
  void candidatas;
  return null;
}

/** The old starter: the first kit row, whatever its metric. */
function firstRow(rows: Rows, size: number): string | null {
  const candidates = rows.filter((r) =>
    r.runtime === "deno" && r.size === size
  );
  return candidates.length > 0 ? candidates[0].mechanism : null;
}

const pickMax = (rows: Rows) =>
  rows.length === 0
    ? null
    : rows.reduce((a, b) => (b.median > a.median ? b : a)).mechanism;

const WRONG: Record<
  string,
  { f: ThroughputWinner; failing: number[]; says: string }
> = {
  "no metric filter": {
    f: (rows, size) =>
      pickMax(rows.filter((r) => r.runtime === "deno" && r.size === size)),
    failing: [0, 1],
    says: 'metric "throughput"',
  },
  "no runtime filter": {
    f: (rows, size) =>
      pickMax(rows.filter((r) => r.metric === "throughput" && r.size === size)),
    failing: [1],
    says: 'runtime === "deno"',
  },
  "no size filter": {
    f: (rows, size) => {
      const kit = rows.filter((r) =>
        r.runtime === "deno" && r.metric === "throughput"
      );
      return kit.some((r) => r.size === size) ? pickMax(kit) : null;
    },
    failing: [1],
    says: "r.size === size",
  },
  "smallest instead of largest": {
    f: (rows, size) => {
      const kit = rows.filter((r) =>
        r.runtime === "deno" && r.metric === "throughput" && r.size === size
      );
      return kit.length === 0
        ? null
        : kit.reduce((a, b) => (b.median < a.median ? b : a)).mechanism;
    },
    failing: [0, 1],
    says: "mayor median",
  },
  "undefined when empty": {
    f: ((rows: Rows, size: number) =>
      reference(rows, size) ?? undefined) as unknown as ThroughputWinner,
    failing: [2],
    says: "debe devolver null",
  },
  "the record instead of its name": {
    f: ((rows: Rows, size: number) =>
      rows.find((r) =>
        r.mechanism === reference(rows, size) && r.size === size &&
        r.metric === "throughput" && r.runtime === "deno"
      ) ?? null) as unknown as ThroughputWinner,
    failing: [0, 1],
    says: "debe devolver el texto",
  },
};

const failed = (o: CheckOutcome) => o.status !== "passed";
const message = (o: CheckOutcome) =>
  o.status === "threw" ? o.error : o.status === "failed" ? o.got : "";

Deno.test("ch08 exercise: the reference solution passes every check", async () => {
  const report = await checkExercise(throughputWinnerExercise, reference, {
    display: false,
  });
  assertEquals(report.passed, report.total);
});

for (
  const [name, f] of [["the notebook's starter", starter], [
    "the first kit row",
    firstRow,
  ]] as const
) {
  Deno.test(`ch08 exercise: ${name} passes only the empty case`, async () => {
    const report = await checkExercise(throughputWinnerExercise, f, {
      display: false,
    });
    assertEquals(report.outcomes.map(failed), [true, true, false]);
  });
}

for (const [name, wrong] of Object.entries(WRONG)) {
  Deno.test(`ch08 exercise rejects a solution with ${name}`, async () => {
    const report = await checkExercise(throughputWinnerExercise, wrong.f, {
      display: false,
    });
    const failing = report.outcomes.flatMap((o, i) => failed(o) ? [i] : []);
    assertEquals(failing, wrong.failing);
    for (const i of failing) {
      const text = message(report.outcomes[i]);
      assert(text.includes(wrong.says), `check ${i}: ${text}`);
    }
  });
}

Deno.test("ch08 exercise: hints are progressive and a worked answer exists", () => {
  assert((throughputWinnerExercise.hints ?? []).length >= 2);
  assert(throughputWinnerExercise.worked?.includes('metric !== "throughput"'));
});
