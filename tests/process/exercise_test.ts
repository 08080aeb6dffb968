import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { checkExercise } from "../../lib/notebook/exercise.ts";
import { parseProcStat } from "../../lib/process/proc_fs.ts";
import {
  procStatExercise,
  type ProcStatParser,
} from "../../lib/exercises/ch01_processes.ts";

// The starter shipped in notebook 01 (cell a23), verbatim.
const STARTER_SOURCE = `function miParser(linea: string) {
  const campos = linea.split(" ");
  return {
    pid: Number(campos[0]),
    command: campos[1].slice(1, -1),
    state: campos[2],
    ppid: Number(campos[3]),
  };
}`;

function miParser(linea: string) {
  const campos = linea.split(" ");
  return {
    pid: Number(campos[0]),
    command: campos[1].slice(1, -1),
    state: campos[2],
    ppid: Number(campos[3]),
  };
}

Deno.test("the notebook ships the starter these tests check", async () => {
  const notebook = JSON.parse(
    await Deno.readTextFile(
      new URL(
        "../../notebooks/01_processes_and_threads.ipynb",
        import.meta.url,
      ),
    ),
  );
  const cell = notebook.cells.find((c: { id: string }) => c.id === "a23");
  assertStringIncludes(cell.source.join(""), STARTER_SOURCE);
  assertStringIncludes(
    cell.source.join(""),
    "checkExercise(procStatExercise, miParser)",
  );
});

Deno.test("procStatExercise passes a correct parser", async () => {
  // a reference written from scratch, cutting at the first "(" and last ")"
  const reference: ProcStatParser = (line) => {
    const close = line.lastIndexOf(")");
    const [state, ppid] = line.slice(close + 2).split(" ");
    return {
      pid: Number(line.slice(0, line.indexOf(" ("))),
      command: line.slice(line.indexOf("(") + 1, close),
      state,
      ppid: Number(ppid),
    };
  };
  for (const solution of [reference, parseProcStat]) {
    const report = await checkExercise(procStatExercise, solution, {
      display: false,
    });
    assertEquals(report.passed, report.total);
  }
});

Deno.test("procStatExercise fails the notebook's starter on names with spaces or parentheses", async () => {
  const report = await checkExercise(procStatExercise, miParser, {
    display: false,
  });
  assert(report.passed < report.total);
  assertEquals(
    report.outcomes.map((o) => o.status),
    ["passed", "failed", "failed", "passed"],
  );
});
