/**
 * Notebook 04's generated sentences and measured quiz: whatever the runs
 * measured (threads first, processes first, a tie), the text and the quiz
 * key follow the figures; the quiz is the same for the same seed.
 */

import {
  assert,
  assertEquals,
  assertNotEquals,
  assertStringIncludes,
} from "@std/assert";
import {
  compareBackendsText,
  type PoolRunFigures,
  redeliveryText,
} from "../../lib/patterns/pool_findings.ts";
import { STARTUP_QUIZ_ID, startupQuiz } from "../../lib/patterns/pool_quiz.ts";
import { judgeAnswer } from "../../lib/notebook/quiz.ts";
import { sharedTimeAxisMs, timelineSpec } from "../../lib/patterns/timeline.ts";

function run(readyMs: number[], elapsedMs: number): PoolRunFigures {
  return {
    results: readyMs.map((startMs, i) => ({
      id: i + 1,
      name: `T${i + 1}`,
      worker: `w-${i}`,
      attempt: 1,
      startMs,
      endMs: startMs + 40,
      output: "",
    })),
    deaths: [],
    elapsedMs,
  };
}

const slowThreads = run([1171, 1343, 1477], 1993);
const fastProcesses = run([310, 330, 350], 696);
const fastThreads = run([60, 70, 75], 300);
const slowProcesses = run([130, 160, 170], 420);

Deno.test("the comparison says who finished first and why, from the figures", () => {
  const kernel = compareBackendsText(slowThreads, fastProcesses);
  assertStringIncludes(kernel, "**1.993 ms**");
  assertStringIncludes(
    kernel,
    "los procesos terminaron antes: 2,9× más rápido",
  );
  assertStringIncludes(kernel, "arrancaron más tarde");
  assertStringIncludes(kernel, "kernel de Jupyter");
  const quiet = compareBackendsText(fastThreads, slowProcesses);
  assertStringIncludes(quiet, "los hilos terminaron antes: 1,4× más rápido");
  assert(!quiet.includes("arrancaron más tarde"));
  const tie = compareBackendsText(run([100], 500), run([102], 520));
  assertStringIncludes(tie, "casi a la par");
});

Deno.test("the measured quiz's key follows the figures: processes, threads, or a tie", () => {
  const key = (t: PoolRunFigures, p: PoolRunFigures) =>
    startupQuiz(t, p, 7).options.find((o) => o.correct)!.text;
  assertStringIncludes(key(slowThreads, fastProcesses), "procesos");
  assertStringIncludes(key(fastThreads, slowProcesses), "hilos");
  assertStringIncludes(key(run([100], 200), run([105], 200)), "a la par");
});

Deno.test("the measured quiz is the same for a seed, shuffled by it, and answerable", () => {
  const a = startupQuiz(slowThreads, fastProcesses, 2523);
  assertEquals(startupQuiz(slowThreads, fastProcesses, 2523), a);
  assertEquals(a.id, STARTUP_QUIZ_ID);
  assertEquals(a.hints?.length, 2);
  const orders = new Set(
    [1, 2, 3, 4, 5, 6, 7, 8].map((seed) =>
      startupQuiz(slowThreads, fastProcesses, seed).options.map((o) => o.text)
        .join("|")
    ),
  );
  assert(orders.size > 1, "different seeds give different orders");
  const right = "abc"[a.options.findIndex((o) => o.correct)];
  assertEquals(judgeAnswer(a, right).kind, "correct");
  const wrong = "abc"[a.options.findIndex((o) => !o.correct)];
  assertEquals(judgeAnswer(a, wrong).kind, "incorrect");
  for (const option of a.options) assertStringIncludes(option.why, "1.171 ms");
});

Deno.test("the redelivery text says the task may have run twice (at least once)", () => {
  const killed: PoolRunFigures = {
    results: [{
      id: 3,
      name: "T3",
      worker: "proceso-0",
      attempt: 2,
      startMs: 520,
      endMs: 604,
      output: "",
    }],
    deaths: [{
      worker: "proceso-2",
      redelivered: [3],
      diedAtMs: 498,
      inFlight: { name: "T3", sentAtMs: 487 },
      cause: "gone",
    }],
    elapsedMs: 900,
  };
  const text = redeliveryText(killed);
  assertStringIncludes(text, "«T3» pudo ejecutarse dos veces");
  assertStringIncludes(text, "**proceso-0** la hizo completa (intento 2)");
  assertStringIncludes(text, "al menos una vez");
  assertStringIncludes(
    redeliveryText({ ...killed, deaths: [] }),
    "ningún worker murió",
  );
});

Deno.test("compared timelines share one time axis", () => {
  const axis = sharedTimeAxisMs(
    { ...slowThreads },
    { ...fastProcesses },
  );
  assertEquals(axis, 2000);
  const full = { finishedWorkers: [], restarts: 0 };
  const a = timelineSpec({ ...full, ...slowThreads, deaths: [] }, "a", {
    axisMaxMs: axis,
  });
  const b = timelineSpec({ ...full, ...fastProcesses, deaths: [] }, "b", {
    axisMaxMs: axis,
  });
  assertEquals([a.x.min, a.x.max], [0, 2000]);
  assertEquals([b.x.min, b.x.max], [a.x.min, a.x.max]);
  assertNotEquals(timelineSpec({ ...full, ...fastProcesses }, "c").x.max, 2000);
});
