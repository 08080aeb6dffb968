import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { gradeAll, listSubmissions } from "../../lib/grading/grade.ts";
import { DEFAULT_POINTS, parsePoints } from "../../lib/grading/points.ts";
import { ProgressLine } from "../../lib/grading/progress_bar.ts";
import type { SubmissionGrade } from "../../lib/grading/score.ts";
import { notebookExecutionUnavailable } from "../../lib/tools/execute_notebook.ts";
import {
  FRAME_TEXT,
  IMPORTS,
  starter00,
  tiny,
  variant00,
  writeSubmissions,
} from "./fixtures.ts";

const KIT = new URL("../../", import.meta.url).pathname;
const unavailable = await notebookExecutionUnavailable();
const ignore = unavailable !== null && Deno.env.get("CI") !== "true";

function row(rows: SubmissionGrade[], file: string): SubmissionGrade {
  const found = rows.find((r) => r.file === file);
  if (!found) throw new Error(`no row for ${file}`);
  return found;
}

function points(r: SubmissionGrade, column: string): number | undefined {
  return r.items.find((i) => i.column === column)?.points;
}

Deno.test({
  name:
    "notebook 00: the solved copy scores more than the starter, a looping copy costs one cell",
  ignore,
  async fn() {
    const dir = await writeSubmissions({
      "00_start_here.ipynb": await starter00(),
      "ana_00_resuelto.ipynb": await variant00(FRAME_TEXT.solved, {
        q1: "a",
        q2: "c",
        q3: "b",
      }),
      "beto_00_bucle.ipynb": await variant00(FRAME_TEXT.loops),
    });
    try {
      const rows = await gradeAll(await listSubmissions(dir), {
        kitRoot: KIT,
        bounds: {
          cellSeconds: 20,
          notebookSeconds: 400,
          graderCellSeconds: 15,
        },
        points: DEFAULT_POINTS,
        hiddenDir: null,
      }, new ProgressLine(false, () => {}));
      const starter = row(rows, "00_start_here.ipynb");
      const solved = row(rows, "ana_00_resuelto.ipynb");
      const loops = row(rows, "beto_00_bucle.ipynb");
      assertEquals(rows.map((r) => r.chapter), ["00", "00", "00"]);
      assertEquals(starter.status, "calificado", starter.details.join("\n"));
      assertEquals(solved.status, "calificado", solved.details.join("\n"));
      assert(
        solved.total > starter.total,
        `${solved.total} <= ${starter.total}`,
      );
      assertEquals(points(solved, "ej-marco"), 3);
      assertEquals([
        points(solved, "00/q1"),
        points(solved, "00/q2"),
        points(solved, "00/q3"),
      ], [1, 0, 1]);
      assertEquals([points(starter, "00/q1"), points(starter, "00/q3")], [
        0,
        0,
      ]);
      assert(points(starter, "ej-marco")! < 3);
      // The starter's failing checks carry their messages.
      const failures = starter.items.find((i) =>
        i.column === "ej-marco"
      )!.failures;
      assert(
        failures.length > 0 && failures.every((f) => !f.hidden && f.message),
      );

      assertEquals(loops.status, "calificado con incidentes");
      assert(
        loops.details.some((d) =>
          d.startsWith("la celda c15 superó su tiempo máximo")
        ),
        loops.details.join("\n"),
      );
      assertEquals(points(loops, "ej-marco"), 0);
      // The interrupt kept the kernel: a later cell still reads c04's `framed`.
      assertEquals(loops.cells.find((c) => c.id === "c19")?.status, "ok");
      assertEquals(
        loops.cells.find((c) => c.id === "c15")?.status,
        "timeout-interrupted",
      );
      // Its looping solution is not run again by the grader's cell.
      assertEquals(
        loops.cells.find((c) => c.grader)?.status,
        "not-run-source-unfinished",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "bad submissions each get a clear row; hidden checks and points apply",
  ignore,
  async fn() {
    const dir = await writeSubmissions({
      "roto.ipynb": '{"cells": [',
      "parcial.ipynb": tiny([
        IMPORTS,
        FRAME_TEXT.partial,
        'await quiz("00", "q1");',
        'await answer("q1", "b");\nawait answer("q1", "a");',
      ], false),
      "salida.ipynb": tiny([
        IMPORTS,
        "Deno.exit(3);",
        'await showText("después");',
      ]),
      "importa_mal.ipynb": tiny([
        'import { showText } from "../lib/mod.ts";\nthrow new TypeError("sin red");',
        'await showText("no llega");',
      ]),
      "espera.ipynb": tiny([
        IMPORTS,
        "await new Promise(() => {});",
        'await showText("sigue");',
      ]),
    });
    const hidden = await Deno.makeTempDir({ prefix: "grading-hidden-" });
    // Hidden modules import the kit as `../lib/…` (they run from `ocultas/` beside lib/).
    await Deno.writeTextFile(
      join(hidden, "ch00.ts"),
      `import { defineHiddenChecks } from "../lib/grading/hidden.ts";
import { encodeFrame } from "../lib/wire/frame.ts";
const bytes = (text) => [...encodeFrame(new TextEncoder().encode(text))];
export default defineHiddenChecks({ "ej-marco": [
  { name: "ASCII de 70 000 bytes", run: (f) => f("x".repeat(70000)).length, expected: 70004 },
  { name: "«ñandú» entero", run: (f) => [...f("ñandú")], expected: bytes("ñandú") },
] });
`,
    );
    try {
      const rows = await gradeAll(await listSubmissions(dir), {
        kitRoot: KIT,
        bounds: { cellSeconds: 8, notebookSeconds: 200, graderCellSeconds: 15 },
        points: parsePoints({ ejercicio: 4, factorTrasErrores: 0.5 }),
        hiddenDir: hidden,
      }, new ProgressLine(false, () => {}));

      const broken = row(rows, "roto.ipynb");
      assertEquals(broken.status, "no calificado");
      assert(broken.details[0].startsWith("el archivo no es JSON válido"));

      const partial = row(rows, "parcial.ipynb");
      assertEquals(partial.status, "calificado", partial.details.join("\n"));
      assertStringIncludes(
        partial.details.join("\n"),
        "no declara el kernel de Deno",
      );
      // Its chapter (00, from its quiz cell) lists the starter's cells it lacks.
      const starterCode = (await starter00()).cells.filter((c) =>
        c.cell_type === "code"
      );
      assertStringIncludes(
        partial.details.join("\n"),
        `faltan ${starterCode.length} celdas de código del enunciado: ${
          starterCode[0].id
        }, `,
      );
      // Visible: 4 of 5 ("canción" fails); hidden: 1 of 2 (ñandú fails): 5/7 × 4.
      assertEquals(points(partial, "ej-marco"), 2.86);
      const marco = partial.items.find((i) => i.column === "ej-marco")!;
      assertEquals(marco.failures.map((f) => f.hidden), [false, true]);
      assertEquals(marco.failures[1].name, "«ñandú» entero");
      // Right at the second answer: 1 × factorTrasErrores.
      assertEquals(points(partial, "00/q1"), 0.5);

      const exits = row(rows, "salida.ipynb");
      assertEquals(exits.status, "calificado con incidentes");
      assertStringIncludes(
        exits.details.join("\n"),
        "el kernel terminó durante la celda t1",
      );
      assertEquals(exits.cells.find((c) => c.id === "t2")?.status, "error");

      const badImport = row(rows, "importa_mal.ipynb");
      assertEquals(badImport.status, "calificado con incidentes");
      assertEquals(
        badImport.details[0],
        "la celda de importación t0 lanzó TypeError: sin red",
      );
      assertEquals(badImport.total, 0);

      const waits = row(rows, "espera.ipynb");
      assertEquals(waits.status, "calificado con incidentes");
      assertEquals(
        waits.cells.find((c) => c.id === "t1")?.status,
        "timeout-restarted",
      );
      // After the restart the next cell still ran (and lost the imports).
      assertEquals(waits.cells.find((c) => c.id === "t2")?.status, "error");
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(hidden, { recursive: true });
    }
  },
});
