/**
 * The notebook suite: every notebook is well-formed, type-checks against lib,
 * and executes top to bottom through the real Deno kernel with every expected
 * output present. README's chapter map names exactly the notebooks that exist.
 */
import { assert, assertEquals } from "@std/assert";
import {
  cellSource,
  checkNotebooks,
  listNotebooks,
  type NotebookCheck,
  readNotebook,
} from "../lib/tools/check_notebooks.ts";
import {
  executeNotebook,
  judgeNotebookRun,
  notebookExecutionUnavailable,
  type NotebookRun,
} from "../lib/tools/execute_notebook.ts";

const notebooks = await listNotebooks();
const unavailable = await notebookExecutionUnavailable();
const inCi = Deno.env.get("CI") === "true";

/**
 * Notebooks execute two at a time: when a notebook's execution test starts,
 * the next notebook's run starts too, so it overlaps with this one and with
 * the next notebook's well-formedness and type-check tests (a kernel spends
 * much of a notebook waiting on child processes, Workers and timers). Each
 * test awaits its own run; the last test of the file awaits any run still
 * going. Because runs start and end across tests, this file's tests turn the
 * op and resource sanitizers off (they only read files and run subprocesses
 * to completion).
 */
const executions = new Map<string, Promise<NotebookRun>>();
function execution(index: number): Promise<NotebookRun> | undefined {
  const path = notebooks[index];
  if (path === undefined || unavailable) return undefined;
  let run = executions.get(path);
  if (!run) {
    run = executeNotebook(path);
    run.catch(() => {}); // awaited, and reported, by the notebook's own test
    executions.set(path, run);
  }
  return run;
}

const NO_SANITIZERS = { sanitizeOps: false, sanitizeResources: false };

/** One `deno check` and one `deno lint` for every notebook (lib's graph loaded once), started by the first test that asks. */
let checks: Promise<NotebookCheck[]> | undefined;
function allChecked(): Promise<NotebookCheck[]> {
  checks ??= checkNotebooks(notebooks);
  return checks;
}

if (unavailable) {
  const banner = "!".repeat(78);
  console.warn(
    `\n${banner}\nNOTEBOOK EXECUTION TESTS ARE IGNORED: ${unavailable}\n${banner}\n`,
  );
}

Deno.test("the kit ships notebooks", NO_SANITIZERS, () => {
  assert(notebooks.length > 0, "notebooks/ holds no .ipynb file");
  assert(notebooks.some((p) => p.endsWith("00_start_here.ipynb")));
});

for (const [index, path] of notebooks.entries()) {
  Deno.test(
    `${path} is nbformat 4.5 with the deno kernelspec, cell ids and no outputs`,
    NO_SANITIZERS,
    async () => {
      const nb = await readNotebook(path);
      assertEquals(nb.nbformat, 4);
      assert(nb.nbformat_minor >= 5, "cell ids need nbformat 4.5");
      assertEquals(nb.metadata.kernelspec?.name, "deno");
      const ids = nb.cells.map((c) => c.id);
      assert(
        ids.every((id) => typeof id === "string" && id.length > 0),
        "every cell has an id",
      );
      assertEquals(new Set(ids).size, ids.length, "cell ids are unique");
      for (const cell of nb.cells) {
        if (cell.cell_type !== "code") continue;
        assertEquals(
          cell.outputs ?? [],
          [],
          `cell ${cell.id} has stored outputs`,
        );
        assertEquals(
          cell.execution_count ?? null,
          null,
          `cell ${cell.id} has an execution count`,
        );
      }
    },
  );

  Deno.test(
    `${path} has prose, a chart, quizzes and a checked exercise`,
    NO_SANITIZERS,
    async () => {
      const nb = await readNotebook(path);
      const code = nb.cells.filter((c) => c.cell_type === "code");
      const sources = code.map(cellSource);
      const minQuizzes = path.endsWith("00_start_here.ipynb") ? 1 : 4;
      assert(nb.cells.some((c) => c.cell_type === "markdown"), "no prose");
      assert(
        code.some((c) => c.metadata.tags?.includes("chart")),
        "no cell tagged chart",
      );
      const quizzes = sources.filter((s) =>
        /\bquiz\(\s*"\d\d",/.test(s)
      ).length;
      assert(
        quizzes >= minQuizzes,
        `${quizzes} quiz cells, expected at least ${minQuizzes}`,
      );
      assert(
        sources.some((s) => s.includes("checkExercise(")),
        "no checked exercise",
      );
      assert(
        sources.some((s) => s.includes('"../lib/mod.ts"')),
        "notebooks import the kit from ../lib/mod.ts",
      );
    },
  );

  Deno.test(
    `${path} type-checks and lints against lib`,
    NO_SANITIZERS,
    async () => {
      const result = (await allChecked())[index];
      assertEquals(result.path, path);
      assert(result.ok, result.report);
    },
  );

  Deno.test({
    ...NO_SANITIZERS,
    name: `${path} executes through the Deno kernel with every expected output`,
    ignore: unavailable !== null && !inCi,
    async fn() {
      if (unavailable) {
        throw new Error(`CI must execute notebooks: ${unavailable}`);
      }
      const own = execution(index)!;
      execution(index + 1); // the next notebook starts now, overlapping
      const run = await own;
      const problems = judgeNotebookRun(run);
      console.log(
        `${path}: executed in ${run.seconds.toFixed(1)} s (${
          run.late_outputs ?? 0
        } late outputs kept)`,
      );
      assertEquals(problems, [], problems.join("\n"));
    },
  });
}

Deno.test(
  "README's chapter map lists exactly the notebooks in notebooks/",
  NO_SANITIZERS,
  async () => {
    const readme = await Deno.readTextFile("README.md");
    const listed = [...readme.matchAll(/notebooks\/(\d\d_[a-z_]+\.ipynb)/g)]
      .map((
        m,
      ) => m[1]);
    const present = notebooks.map((p) => p.split("/").at(-1)!);
    assertEquals([...new Set(listed)].sort(), present.sort());
  },
);

Deno.test(
  "checkNotebooks names the cell of a type error, and only in its own notebook",
  NO_SANITIZERS,
  async () => {
    await Deno.mkdir("notebooks/.nbcheck", { recursive: true });
    const fixture = (name: string, source: string) => ({
      path: `notebooks/.nbcheck/zz_${name}_${crypto.randomUUID()}.ipynb`,
      text: JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: "deno" } },
        cells: [
          {
            id: "one",
            cell_type: "code",
            metadata: {},
            source: "const n = 1;",
          },
          { id: "bad", cell_type: "code", metadata: {}, source },
        ],
      }),
    });
    const good = fixture("good", "const m: number = n + 1;\nconsole.log(m);");
    const broken = fixture("broken", "const m: string = n;\nconsole.log(m);");
    for (const f of [good, broken]) await Deno.writeTextFile(f.path, f.text);
    try {
      const [okResult, brokenResult] = await checkNotebooks([
        good.path,
        broken.path,
      ]);
      assertEquals([okResult.ok, okResult.report], [true, ""]);
      assertEquals(brokenResult.ok, false);
      assert(
        brokenResult.report.includes("celda bad"),
        brokenResult.report,
      );
    } finally {
      for (const f of [good, broken]) await Deno.remove(f.path);
    }
  },
);

Deno.test("no notebook run is left going", NO_SANITIZERS, async () => {
  await Promise.allSettled(executions.values());
});
