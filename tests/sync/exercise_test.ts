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

Deno.test("tieBreakExercise fails the starter and the usual mistakes", async () => {
  const cases: [string, TieBreak][] = [
    ["starter", miDesempate],
    // ignoring the id: equal numbers let both in
    ["number only", (nj, _j, ni) => nj < ni],
    // backwards tie-break compared with <=: a customer goes before itself
    ["<= on ids", (nj, j, ni, i) => nj < ni || (nj === ni && j <= i)],
  ];
  for (const [name, solution] of cases) {
    const report = await checkExercise(tieBreakExercise, solution, {
      display: false,
    });
    assert(report.passed < report.total, `${name} should fail some check`);
  }
});
