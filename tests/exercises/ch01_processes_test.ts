import { assertEquals, assertStringIncludes } from "@std/assert";
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

// A reference written from scratch, cutting at the first "(" and last ")".
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

// Plausible wrong answers, each with the checks it must fail and a phrase
// its failure message must contain.
const wrong: [string, ProcStatParser, number[], string][] = [
  ["the starter: split on spaces", miParser, [1, 2, 3], "command: esperado"],
  [
    "cuts the name at the FIRST ')'",
    (line) => {
      const close = line.indexOf(")");
      const [state, ppid] = line.slice(close + 2).split(" ");
      return {
        pid: Number(line.slice(0, line.indexOf(" "))),
        command: line.slice(line.indexOf("(") + 1, close),
        state,
        ppid: Number(ppid),
      };
    },
    [2, 3],
    "command: esperado «a) b», obtenido «a»",
  ],
  [
    "a lazy regex that stops at the first ') X N'",
    (line) => {
      const m = /^(\d+) \((.*?)\) (\S) (-?\d+)/.exec(line);
      if (!m) throw new SyntaxError("no calza");
      return {
        pid: Number(m[1]),
        command: m[2],
        state: m[3],
        ppid: Number(m[4]),
      };
    },
    [3],
    "command: esperado «x) R 99 (y», obtenido «x»",
  ],
  [
    "leaves pid and ppid as text",
    (line) => {
      const r = reference(line);
      return {
        ...r,
        pid: String(r.pid),
        ppid: String(r.ppid),
      } as unknown as ReturnType<ProcStatParser>;
    },
    [0, 1, 2, 3, 4],
    "ppid: esperado el número",
  ],
  [
    "reads the fields one position off after ')'",
    (line) => {
      const close = line.lastIndexOf(")");
      const [state, ppid] = line.slice(close + 1).split(" ");
      return {
        pid: Number(line.slice(0, line.indexOf(" ("))),
        command: line.slice(line.indexOf("(") + 1, close),
        state,
        ppid: Number(ppid),
      };
    },
    [0, 1, 2, 3, 4],
    "state: esperado «S», obtenido «»",
  ],
];

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

Deno.test("procStatExercise passes the reference and the kit's parser", async () => {
  for (const solution of [reference, parseProcStat]) {
    const report = await checkExercise(procStatExercise, solution, {
      display: false,
    });
    assertEquals(report.passed, report.total);
  }
});

for (const [what, solution, failing, phrase] of wrong) {
  Deno.test(`procStatExercise rejects a parser that ${what}`, async () => {
    const report = await checkExercise(procStatExercise, solution, {
      display: false,
    });
    const failed = report.outcomes.flatMap((o, i) =>
      o.status === "passed" ? [] : [i]
    );
    assertEquals(failed, failing);
    assertStringIncludes(report.markdown, phrase);
  });
}

Deno.test("every check names its input line, and the exercise has hints and a worked answer", () => {
  for (const check of procStatExercise.checks) {
    assertStringIncludes(check.name, "`");
  }
  assertEquals(procStatExercise.hints?.length, 3);
  assertStringIncludes(procStatExercise.worked ?? "", "lastIndexOf");
});
