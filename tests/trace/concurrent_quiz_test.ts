import { assert, assertEquals, assertThrows } from "@std/assert";
import { type ClockedTrace, clockTrace } from "../../lib/trace/clocks.ts";
import type { TraceEvent } from "../../lib/trace/events.ts";
import { concurrentPairQuiz } from "../../lib/trace/quiz.ts";
import { eventName } from "../../lib/trace/layout.ts";
import { seededRandom } from "../../lib/util/random.ts";

/** Random FIFO exchanges among three processes, as a recorder would see them. */
function randomTrace(seed: number, steps: number): TraceEvent[] {
  const rng = seededRandom(seed);
  const names = ["a", "b", "c"];
  const inFlight = new Map<string, number>();
  const events: TraceEvent[] = [];
  for (let t = 0; t < steps; t++) {
    const me = names[rng.int(0, 2)];
    const incoming = names.filter((p) => (inFlight.get(`${p}→${me}`) ?? 0) > 0);
    const roll = rng.next();
    if (incoming.length > 0 && roll < 0.4) {
      const from = incoming[rng.int(0, incoming.length - 1)];
      const channel = `${from}→${me}`;
      inFlight.set(channel, inFlight.get(channel)! - 1);
      events.push({
        process: me,
        kind: "receive",
        channel,
        atMs: t,
        label: "m",
      });
    } else if (roll < 0.8) {
      const to = names.filter((p) => p !== me)[rng.int(0, 1)];
      const channel = `${me}→${to}`;
      inFlight.set(channel, (inFlight.get(channel) ?? 0) + 1);
      events.push({ process: me, kind: "send", channel, atMs: t, label: "m" });
    } else {
      events.push({ process: me, kind: "local", atMs: t, label: "x" });
    }
  }
  return events;
}

/** Reachability by search over program order and message arrows: no clocks involved. */
function reaches(trace: ClockedTrace, from: number, to: number): boolean {
  const next = (i: number) => {
    const e = trace.events[i];
    const out = trace.events
      .filter((x) => x.process === e.process && x.step === e.step + 1)
      .map((x) => x.id);
    return [
      ...out,
      ...trace.events.filter((x) => x.sendId === i).map((x) => x.id),
    ];
  };
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const n of next(stack.pop()!)) {
      if (n === to) return true;
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return false;
}

Deno.test("exactly one option is concurrent, checked by searching the graph of arrows", () => {
  let asked = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const trace = clockTrace({
      events: randomTrace(seed, 24),
      omitted: 0,
      cap: 99,
    });
    let spec;
    try {
      spec = concurrentPairQuiz(trace, { id: "qc", seed });
    } catch (error) {
      assert(error instanceof RangeError);
      continue;
    }
    asked++;
    assertEquals(spec.options.length, 4);
    const named = new Map(trace.events.map((e) => [eventName(e), e.id]));
    for (const option of spec.options) {
      const [x, y] = [...option.text.matchAll(/\*\*([abc]·\d+)\*\*/g)].map((
        m,
      ) => named.get(m[1])!);
      const isConcurrent = !reaches(trace, x, y) && !reaches(trace, y, x);
      assertEquals(
        isConcurrent,
        option.correct === true,
        `seed ${seed}: ${option.text}`,
      );
    }
  }
  assert(asked >= 50, `only ${asked} traces could be asked about`);
});

Deno.test("the same trace and seed ask the same; another seed may not", () => {
  const trace = clockTrace({ events: randomTrace(7, 30), omitted: 0, cap: 99 });
  const a = concurrentPairQuiz(trace, { id: "qc", seed: 3 });
  assertEquals(concurrentPairQuiz(trace, { id: "qc", seed: 3 }), a);
  const texts = new Set(
    [1, 2, 3, 4, 5, 6].map((seed) =>
      JSON.stringify(concurrentPairQuiz(trace, { id: "qc", seed }).options)
    ),
  );
  assert(texts.size > 1);
});

Deno.test("a chain has no concurrent pair: the quiz refuses instead of lying", () => {
  const chain = clockTrace({
    omitted: 0,
    cap: 9,
    events: [
      { process: "a", kind: "send", channel: "a→b", atMs: 1, label: "m" },
      { process: "b", kind: "receive", channel: "a→b", atMs: 2, label: "m" },
      { process: "b", kind: "send", channel: "b→a", atMs: 3, label: "r" },
      { process: "a", kind: "receive", channel: "b→a", atMs: 4, label: "r" },
    ],
  });
  assertThrows(
    () => concurrentPairQuiz(chain, { id: "qc", seed: 1 }),
    RangeError,
  );
  assertThrows(
    () => concurrentPairQuiz(chain, { id: "qc", seed: 1, choices: 9 }),
    RangeError,
  );
});

Deno.test("only rows the diagram shows are asked about", () => {
  const trace = clockTrace({
    events: randomTrace(11, 60),
    omitted: 0,
    cap: 99,
  });
  const spec = concurrentPairQuiz(trace, { id: "qc", seed: 2, maxRows: 20 });
  const rowOf = new Map(trace.events.map((e) => [eventName(e), e.order]));
  for (const option of spec.options) {
    for (const m of option.text.matchAll(/\*\*([abc]·\d+)\*\*/g)) {
      assert(rowOf.get(m[1])! < 20);
    }
  }
});
