import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import { goesFirst } from "../../lib/sync/bakery.ts";
import {
  type TieBreak,
  tieBreakExercise,
} from "../../lib/exercises/ch02_synchronization.ts";

// The starter shipped in notebook 02 (cell b23), verbatim as formatted there.
const STARTER_SOURCE = `function miDesempate(
  numeroJ: number,
  j: number,
  numeroI: number,
  i: number,
): boolean {
  if (numeroJ !== numeroI) return numeroJ < numeroI;
  // Empate (mismo número): completa el desempate usando j e i.
  return j < 0 && i < 0; // ← reemplaza esta línea
}`;

function miDesempate(
  numeroJ: number,
  j: number,
  numeroI: number,
  i: number,
): boolean {
  if (numeroJ !== numeroI) return numeroJ < numeroI;
  // Empate (mismo número): completa el desempate usando j e i.
  return j < 0 && i < 0; // ← reemplaza esta línea
}

Deno.test("the notebook ships the starter these tests check", async () => {
  const notebook = JSON.parse(
    await Deno.readTextFile(
      new URL("../../notebooks/02_synchronization.ipynb", import.meta.url),
    ),
  );
  const cell = notebook.cells.find((c: { id: string }) => c.id === "b23");
  assertStringIncludes(cell.source.join(""), STARTER_SOURCE);
  assertStringIncludes(
    cell.source.join(""),
    "checkExercise(tieBreakExercise, miDesempate)",
  );
});

Deno.test("tieBreakExercise passes a correct tie-break", async () => {
  // a reference written as the class's pair comparison
  const reference: TieBreak = (nj, j, ni, i) => nj !== ni ? nj < ni : j < i;
  for (const solution of [reference, goesFirst]) {
    const report = await checkExercise(tieBreakExercise, solution, {
      display: false,
    });
    assertEquals(report.passed, report.total);
  }
});

Deno.test("tieBreakExercise fails the starter and the usual mistakes, naming the inputs", async () => {
  const cases: [string, TieBreak, string][] = [
    ["starter", miDesempate, "mismo número: pasa el id menor"],
    // ignoring the id: equal numbers let nobody (or both) in
    ["number only", (nj, _j, ni) => nj < ni, "exactamente uno va antes"],
    // <= on ids: a customer goes before itself
    [
      "<= on ids",
      (nj, j, ni, i) => nj < ni || (nj === ni && j <= i),
      "sí mismo",
    ],
    // ids compared first: a smaller number with a larger id waits
    [
      "ids first",
      (nj, j, ni, i) => j < i || (j === i && nj < ni),
      "sin importar los ids",
    ],
    // tie broken the wrong way
    [
      "larger id first",
      (nj, j, ni, i) => nj < ni || (nj === ni && j > i),
      "pasa el id menor",
    ],
    // <= on numbers: with equal numbers both go first
    ["<= on numbers", (nj, _j, ni) => nj <= ni, "exactamente uno va antes"],
  ];
  for (const [name, solution, failing] of cases) {
    const report = await checkExercise(tieBreakExercise, solution, {
      display: false,
    });
    const failed = report.outcomes.filter((o) => o.status !== "passed");
    assert(
      failed.some((o) => o.name.includes(failing)),
      `${name} should fail "${failing}"; failed: ${
        failed.map((o) => o.name).join("; ")
      }`,
    );
    const shown = failed.find((o) => o.name.includes(failing));
    if (shown?.status === "failed" && !failing.includes("exactamente")) {
      assertStringIncludes(shown.got, "antes que (número");
    }
  }
});

Deno.test("tieBreakExercise reports an endless loop as a timeout", async () => {
  const report = await checkExercise(tieBreakExercise, () => {
    while (true) { /* nunca responde */ }
  }, { display: false });
  assertEquals(report.passed, 0);
  const first = report.outcomes[0];
  assert(first.status === "failed", first.status);
  assertStringIncludes(
    first.status === "failed" ? first.got : "",
    "se excedió el tiempo",
  );
});
