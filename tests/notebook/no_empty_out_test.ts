/**
 * A cell ending in a kit display function shows its output and no empty
 * `Out[n]`: each function resolves to nothing, so the kernel sends no
 * `execute_result`. Checked through the real Deno kernel on a synthetic
 * notebook in a private temp dir (lib and deno.json linked in).
 */
import { assert, assertEquals } from "@std/assert";
import {
  executeNotebook,
  notebookExecutionUnavailable,
} from "../../lib/tools/execute_notebook.ts";

const unavailable = await notebookExecutionUnavailable();
if (unavailable) {
  const banner = "!".repeat(78);
  console.warn(
    `\n${banner}\nEMPTY Out[n] TEST IS IGNORED: ${unavailable}\n${banner}\n`,
  );
}

const IMPORT =
  `import { answer, chart, checkExercise, frameTextExercise, pista, quiz, showMarkdown, showProgress, showTable, showText, solucion, timelineChart } from "../lib/mod.ts";
import { showPng } from "../lib/notebook/display.ts";`;

/** Each cell ends in one of the kit's display functions. */
const CELLS: Record<string, string> = {
  showText: 'await showText("hola");',
  showMarkdown: 'await showMarkdown("**hola**");',
  showTable: "await showTable([{ a: 1 }]);",
  showPng: "await showPng(new Uint8Array([137, 80, 78, 71]), 'x');",
  quiz: 'await quiz("00", "q2");',
  answer: 'await answer("q2", "b");',
  checkExercise:
    "await checkExercise(frameTextExercise, (t: string) => new TextEncoder().encode(t));",
  pista: 'await pista("ej-marco");',
  solucion: 'await solucion("ej-marco");',
  showProgress: "await showProgress();",
  chart:
    'await chart({ kind: "bar", title: "t", x: { label: "x", unit: "" }, y: { label: "y", unit: "ms" }, labels: ["a"], series: [{ label: "s", data: [1] }] });',
  timelineChart:
    'await timelineChart({ title: "t", x: { label: "Tiempo", unit: "ms" }, laneLabel: "Worker", segments: [{ lane: "w0", start: 0, end: 5, label: "T1" }] });',
};

Deno.test({
  name:
    "kit display functions as a cell's last statement leave no empty Out[n]",
  ignore: unavailable !== null && Deno.env.get("CI") !== "true",
  async fn() {
    if (unavailable) throw new Error(`CI must run the kernel: ${unavailable}`);
    const root = new URL("../../", import.meta.url).pathname;
    const dir = await Deno.makeTempDir({ prefix: "kit-no-empty-out-" });
    try {
      await Deno.symlink(`${root}lib`, `${dir}/lib`);
      await Deno.symlink(`${root}deno.json`, `${dir}/deno.json`);
      await Deno.mkdir(`${dir}/notebooks`);
      const names = Object.keys(CELLS);
      const notebook = {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {
          kernelspec: {
            name: "deno",
            display_name: "Deno",
            language: "typescript",
          },
        },
        cells: [IMPORT, ...names.map((n) => CELLS[n])].map((source, i) => ({
          cell_type: "code",
          id: `c${i}`,
          metadata: {},
          execution_count: null,
          outputs: [],
          source,
        })),
      };
      const path = `${dir}/notebooks/synthetic.ipynb`;
      await Deno.writeTextFile(path, JSON.stringify(notebook));
      // The kernel's own progress file (passed to it, never set on this
      // process: test files may run in parallel threads of one process).
      const run = await executeNotebook(path, {
        cellTimeoutSeconds: 120,
        env: { KIT_PROGRESS_FILE: `${dir}/progreso.json` },
      });
      assertEquals(run.failure, null);
      names.forEach((name, i) => {
        const cell = run.cells[i + 1];
        assert(cell.executed, `${name}: not executed`);
        const errors = cell.outputs.filter((o) => o.type === "error");
        assertEquals(errors.map((o) => o.text), [], name);
        const results = cell.outputs.filter((o) => o.type === "execute_result");
        assertEquals(
          results.length,
          0,
          `${name} left an Out[n]: ${JSON.stringify(results)}`,
        );
        assert(
          cell.outputs.some((o) => o.type === "display_data"),
          `${name} showed nothing`,
        );
      });
      const quizCell = run.cells[names.indexOf("quiz") + 1];
      assert(
        quizCell.outputs[0].mimes.includes("text/html"),
        "the quiz is clickable",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
