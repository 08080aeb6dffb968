/**
 * The fast tier's one waiting rule, as pure bookkeeping: each row feeds a
 * WaitPolicy a sequence of wait outcomes (no clock) and checks the budgets
 * it hands out.
 */

import { assertEquals, assertThrows } from "@std/assert";
import {
  BUSY_POLL_WAIT,
  MIN_SPIN_MS,
  MPI_WAIT,
  RING_WAIT,
  WaitPolicy,
  type WaitPolicyOptions,
} from "../../lib/fast/wait_policy.ts";

/** One step: ask for a budget, then report how that wait ended. */
type Step =
  | { expect: number; then: "caught" }
  | { expect: number; then: "missed"; waitedMs: number }
  | { expect: number };

interface Row {
  name: string;
  options: WaitPolicyOptions;
  steps: Step[];
}

const miss = (expect: number, waitedMs = 0.3): Step => ({
  expect,
  then: "missed",
  waitedMs,
});
const misses = (budgets: number[], waitedMs = 0.3): Step[] =>
  budgets.map((b) => miss(b, waitedMs));

const rows: Row[] = [
  {
    name: "a caught spin leaves the budget at its maximum",
    options: RING_WAIT,
    steps: [
      { expect: 0.5, then: "caught" },
      { expect: 0.5, then: "caught" },
      { expect: 0.5 },
    ],
  },
  {
    name: "every miss halves the budget, down to the floor",
    options: RING_WAIT,
    steps: [
      ...misses([0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625]),
      ...misses([MIN_SPIN_MS, MIN_SPIN_MS]),
      { expect: MIN_SPIN_MS },
    ],
  },
  {
    name: "after 16 misses in a row one spin probes twice the typical wait",
    options: { maxSpinMs: 1, minSpinMs: 0.25 },
    // Misses of 0.4 ms: the typical wait converges on 0.4 from 0.
    steps: [
      ...misses([1, 0.5, 0.25, ...Array(13).fill(0.25)], 0.4),
      // typical = 0.4 × (1 - (7/8)^16) ≈ 0.3466; probe = 2 × that
      { expect: 2 * 0.4 * (1 - (7 / 8) ** 16), then: "caught" },
      // a probe that caught keeps its budget
      { expect: 2 * 0.4 * (1 - (7 / 8) ** 16) },
    ],
  },
  {
    name: "a probe that misses changes nothing for good",
    options: { maxSpinMs: 1, minSpinMs: 0.25, probeAfterMisses: 2 },
    steps: [
      ...misses([1, 0.5], 1),
      // typical after two 1 ms waits: 1/8 + (1 - 1/8)/8 = 0.234375
      miss(2 * 0.234375, 1), // the probe, missed
      { expect: 0.25 },
    ],
  },
  {
    name: "a probe never exceeds the maximum budget",
    options: { maxSpinMs: 0.5, probeAfterMisses: 1 },
    steps: [miss(0.5, 100), { expect: 0.5, then: "caught" }, { expect: 0.5 }],
  },
  {
    name: "min = max is a fixed budget (the MPI runtime's)",
    options: MPI_WAIT,
    steps: [...misses(Array(20).fill(100), 500), { expect: 100 }],
  },
  {
    name: "a zero budget never spins, even when it probes",
    options: { ...BUSY_POLL_WAIT, maxSpinMs: 0, probeAfterMisses: 1 },
    steps: [...misses([0, 0, 0]), { expect: 0 }],
  },
  {
    name: "the busy-poll socket's floor is its own (5 µs)",
    options: BUSY_POLL_WAIT,
    steps: [...misses([0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625, 0.005, 0.005])],
  },
];

for (const row of rows) {
  Deno.test(`WaitPolicy: ${row.name}`, () => {
    const policy = new WaitPolicy(row.options);
    row.steps.forEach((step, i) => {
      const budget = policy.next();
      assertEquals(
        Math.abs(budget - step.expect) < 1e-9,
        true,
        `step ${i}: budget ${budget}, expected ${step.expect}`,
      );
      if (!("then" in step)) return;
      if (step.then === "caught") policy.caught();
      else policy.missed(step.waitedMs);
    });
  });
}

Deno.test("WaitPolicy: the callers' numbers are where they differ", () => {
  const table = [RING_WAIT, BUSY_POLL_WAIT, MPI_WAIT].map((o) => {
    const p = new WaitPolicy(o);
    return [p.maxSpinMs, p.minSpinMs, p.yieldEveryMs, p.sleepSliceMs];
  });
  assertEquals(table, [
    [0.5, MIN_SPIN_MS, Infinity, 50],
    [0.2, 0.005, 0, 100],
    [100, 100, 1, 1],
  ]);
  assertEquals(new WaitPolicy(MPI_WAIT).wakeSpinMs, 0.5);
});

Deno.test("WaitPolicy: numbers that are not non-negative are a RangeError", () => {
  const bad: WaitPolicyOptions[] = [
    { maxSpinMs: -1 },
    { maxSpinMs: NaN },
    { maxSpinMs: Infinity },
    { maxSpinMs: 1, minSpinMs: -0.5 },
    { maxSpinMs: 1, sleepSliceMs: NaN },
  ];
  for (const options of bad) {
    assertThrows(() => new WaitPolicy(options), RangeError);
  }
});

Deno.test("a budget of 0 never spins: not after misses, not on a probe", () => {
  // The kernel-wait ends (spin 0): every wait goes straight to sleep.
  const policy = new WaitPolicy({ ...BUSY_POLL_WAIT, maxSpinMs: 0 });
  for (let i = 0; i < 40; i++) {
    assertEquals(policy.next(), 0, `wait ${i}`);
    if (i % 3 === 0) policy.caught();
    else policy.missed(5);
  }
});
