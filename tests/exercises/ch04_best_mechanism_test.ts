/**
 * Notebook 04's exercise 3, judged against the reader's own measurement:
 * the right fields pass for each measurement (both orders of winner), and
 * wrong fields, a keyword-stuffed paragraph and malformed values fail with
 * Spanish feedback naming the field and the measured figure.
 */

import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import {
  bestMechanismExercise,
  type MeasuredMedian,
  type MechanismVerdict,
  RIGHT,
} from "../../lib/exercises/ch04_best_mechanism.ts";
import type { MechanismId } from "../../lib/bench/mechanism_labels.ts";

const m = (id: MechanismId, median: number): MeasuredMedian => ({
  id,
  mechanism: `etiqueta de ${id}`,
  result: { summary: { median } },
});

// Two measurements with opposite winners: the key follows the figures.
const quietMachine = [m("pipe", 40), m("unix", 20), m("port", 160)];
const loadedMachine = [m("pipe", 15), m("unix", 90), m("port", 30)];

async function outcomes(measured: MeasuredMedian[], answer: unknown) {
  const spec = bestMechanismExercise(measured);
  const report = await checkExercise(spec, answer as MechanismVerdict, {
    display: false,
  });
  return report.outcomes.map((o) => o.status === "failed" ? o.got : o.status);
}

Deno.test("exercise 3: the right fields pass on either measurement", async () => {
  assertEquals(
    await outcomes(quietMachine, {
      fastest: "unix",
      slowest: "port",
      ratio: 8,
      manyClients: "unix",
    }),
    ["passed", "passed", "passed", "passed"],
  );
  assertEquals(
    await outcomes(loadedMachine, {
      fastest: "pipe",
      slowest: "unix",
      ratio: 6,
      manyClients: "unix",
    }),
    ["passed", "passed", "passed", "passed"],
  );
});

Deno.test("exercise 3: labels are accepted, and a ratio within 10 % passes", async () => {
  const got = await outcomes(quietMachine, {
    fastest: "Etiqueta de unix",
    slowest: " port ",
    ratio: 7.3,
    manyClients: "UNIX",
  });
  assertEquals(got, ["passed", "passed", "passed", "passed"]);
});

Deno.test("exercise 3: the quiet machine's answer fails on the loaded machine, naming the measured winner", async () => {
  const got = await outcomes(loadedMachine, {
    fastest: "unix",
    slowest: "port",
    ratio: 8,
    manyClients: "unix",
  });
  assertStringIncludes(
    got[0],
    "la mediana más baja de tu medición fue la de «pipe»",
  );
  assertStringIncludes(
    got[1],
    "la mediana más alta de tu medición fue la de «unix»",
  );
  assertStringIncludes(got[2], "da 6,00");
  assertEquals(got[3], "passed");
});

Deno.test("exercise 3: a ratio off by more than 10 %, or written as text, fails", async () => {
  const base = { fastest: "unix", slowest: "port", manyClients: "unix" };
  const off = await outcomes(quietMachine, { ...base, ratio: 9 });
  assertStringIncludes(off[2], "ratio = 9,00");
  const text = await outcomes(quietMachine, { ...base, ratio: "8" });
  assertStringIncludes(text[2], "número positivo");
  const inverted = await outcomes(quietMachine, { ...base, ratio: 0.125 });
  assertStringIncludes(inverted[2], "da 8,00");
});

Deno.test("exercise 3: manyClients explains why a pipe or a queue is wrong", async () => {
  const base = { fastest: "unix", slowest: "port", ratio: 8 };
  const pipe = await outcomes(quietMachine, { ...base, manyClients: "pipe" });
  assertStringIncludes(pipe[3], "emparentados");
  const queue = await outcomes(quietMachine, { ...base, manyClients: "queue" });
  assertStringIncludes(queue[3], "se hereda del padre");
  const other = await outcomes(quietMachine, { ...base, manyClients: "tcp" });
  assertStringIncludes(other[3], "elige uno de");
});

Deno.test("exercise 3: an unknown id and an empty field name the field and the ids", async () => {
  const got = await outcomes(quietMachine, {
    fastest: "tuberia",
    slowest: "",
    ratio: 8,
    manyClients: "unix",
  });
  assertStringIncludes(got[0], "fastest = «tuberia» no es un mecanismo medido");
  assertStringIncludes(got[1], "slowest está vacío");
});

Deno.test("exercise 3: a paragraph of repeated keywords fails every check", async () => {
  const essay = "socket cola tubería socket cola tubería 12 µs ".repeat(10);
  const got = await outcomes(quietMachine, essay);
  assertEquals(
    got.every((g) => g !== "passed" && g.includes("un texto")),
    true,
  );
});

Deno.test("exercise 3: the notebook's empty starter fails every check", async () => {
  const got = await outcomes(quietMachine, {
    fastest: "",
    slowest: "",
    ratio: 0,
    manyClients: "",
  });
  assertEquals(got.filter((g) => g === "passed"), []);
});

Deno.test("exercise 3: needs two measurements, and has hints and a worked answer from the figures", () => {
  assertThrows(() => bestMechanismExercise([m("pipe", 1)]), RangeError);
  const spec = bestMechanismExercise(quietMachine);
  assertEquals((spec.hints ?? []).length, 3);
  assertStringIncludes(spec.worked ?? "", 'fastest: "unix"');
  assertStringIncludes(spec.worked ?? "", "ratio: 8.0");
  assertEquals(RIGHT, "correcto");
});
