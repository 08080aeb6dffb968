import {
  assert,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { join } from "@std/path";
import { parseGradeArgs } from "../../lib/grading/cli.ts";
import { UsageError } from "../../lib/programs/cli.ts";
import { notebookExecutionUnavailable } from "../../lib/tools/execute_notebook.ts";
import { FRAME_TEXT, IMPORTS, tiny, writeSubmissions } from "./fixtures.ts";

const CLI = new URL("../../lib/grading/cli.ts", import.meta.url).pathname;
const unavailable = await notebookExecutionUnavailable();

Deno.test("grade's command line: one target, known flags, positive bounds", () => {
  const args = parseGradeArgs([
    "/x/entregas",
    "--out",
    "/x/notas",
    "--tiempo-celda",
    "30",
  ]);
  if (args.help) throw new Error("not --help");
  assertEquals([args.target, args.out, args.bounds.cellSeconds], [
    "/x/entregas",
    "/x/notas",
    30,
  ]);
  assertEquals(args.hidden, null);
  assertThrows(() => parseGradeArgs([]), UsageError, "indica un cuaderno");
  assertThrows(
    () => parseGradeArgs(["a", "--ocultos", "d"]),
    UsageError,
    "--ocultos",
  );
  assertThrows(
    () => parseGradeArgs(["a", "--tiempo-celda", "0"]),
    UsageError,
    "--tiempo-celda",
  );
});

async function grade(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("grade exits 2 on a bad command line", async () => {
  const run = await grade(["--prot", "x"]);
  assertEquals(run.code, 2);
  assertStringIncludes(run.stderr, "opción desconocida: --prot");
});

Deno.test({
  name: "grade writes a row for an unreadable submission and exits 1",
  ignore: unavailable !== null && Deno.env.get("CI") !== "true",
  async fn() {
    const dir = await writeSubmissions({ "roto.ipynb": "{ no es json" });
    const out = await Deno.makeTempDir({ prefix: "grading-out-" });
    try {
      const run = await grade([dir, "--out", out]);
      assertEquals(run.code, 1, run.stderr);
      const csv = await Deno.readTextFile(join(out, "grades.csv"));
      const [header, line] = csv.trim().split("\n");
      assertEquals(header, "archivo,capitulo,estado,total,maximo,detalle");
      assert(line.startsWith("roto.ipynb,,no calificado,0,0,"), line);
      const json = JSON.parse(
        await Deno.readTextFile(join(out, "grades.json")),
      );
      assertEquals(json.entregas[0].estado, "no calificado");
      assertStringIncludes(
        await Deno.readTextFile(join(out, "roto.md")),
        "no calificado",
      );
      // Not a terminal: plain progress lines.
      assertStringIncludes(run.stderr, "1/1 roto.ipynb: no calificado");
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "mis-ejercicios exits 0 when every exercise passes, 1 when one does not",
  ignore: unavailable !== null && Deno.env.get("CI") !== "true",
  async fn() {
    const dir = await writeSubmissions({
      "bien.ipynb": tiny([IMPORTS, FRAME_TEXT.solved]),
      "mal.ipynb": tiny([IMPORTS, FRAME_TEXT.partial]),
    });
    const mine = new URL("../../lib/grading/my_exercises.ts", import.meta.url)
      .pathname;
    const run = async (...files: string[]) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", mine, ...files.map((f) => join(dir, f))],
        stdout: "piped",
        stderr: "null",
      }).output();
      return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
    };
    try {
      const good = await run("bien.ipynb");
      assertEquals(good.code, 0, good.stdout);
      assertStringIncludes(good.stdout, "bien   bien.ipynb · ej-marco: 5 de 5");
      const bad = await run("bien.ipynb", "mal.ipynb");
      assertEquals(bad.code, 1, bad.stdout);
      assertStringIncludes(bad.stdout, "FALLA  mal.ipynb · ej-marco: 4 de 5");
      assertStringIncludes(bad.stdout, "1 de 2 ejercicios no pasan todavía.");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
