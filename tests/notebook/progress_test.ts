/**
 * The progress record: atomic, merged across concurrent writers, damaged
 * files set aside, newer formats left alone, and the `progreso` command.
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import {
  applyExerciseRun,
  applyQuizEvent,
  readProgress,
  resetProgress,
  updateProgress,
} from "../../lib/notebook/progress.ts";
import { runProgreso } from "../../lib/tools/progreso.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kit-progress-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

Deno.test("concurrent processes recording at once lose no entry", async () => {
  await withDir(async (dir) => {
    const file = `${dir}/progreso.json`;
    const module =
      new URL("../../lib/notebook/progress.ts", import.meta.url).href;
    const writers = 4;
    const each = 12;
    const script = (w: number) => `
      import { updateProgress, applyQuizEvent } from ${JSON.stringify(module)};
      for (let i = 0; i < ${each}; i++) {
        await updateProgress(${JSON.stringify(file)}, (p) =>
          applyQuizEvent(p, { chapter: "0${w}", id: "q" + i, measured: false }, "correct", "t"));
      }`;
    const children = Array.from(
      { length: writers },
      (_, w) =>
        new Deno.Command(Deno.execPath(), {
          args: ["eval", script(w)],
          stdout: "null",
          stderr: "piped",
          signal: AbortSignal.timeout(120_000),
        }).output(),
    );
    for (const out of await Promise.all(children)) {
      assert(out.success, new TextDecoder().decode(out.stderr));
    }
    const { progress } = await readProgress(file);
    assertEquals(Object.keys(progress.quizzes).length, writers * each);
    assertEquals(
      await listNames(dir),
      ["progreso.json"],
      "no temp or lock file left",
    );
  });
});

Deno.test("a damaged file is set aside and reported in Spanish", async () => {
  await withDir(async (dir) => {
    const file = `${dir}/progreso.json`;
    await Deno.writeTextFile(file, '{"format": "ipc-kit-progreso", "vers');
    const read = await updateProgress(
      file,
      (p) => applyExerciseRun(p, "ej-marco", { passed: 1, total: 5 }, "t"),
    );
    assertStringIncludes(read.warning ?? "", "estaba dañado");
    const names = await listNames(dir);
    assertEquals(names.length, 2);
    assert(names[1].startsWith("progreso.json.corrupto-"), names[1]);
    assertEquals(
      await Deno.readTextFile(`${dir}/${names[1]}`),
      '{"format": "ipc-kit-progreso", "vers',
    );
    assertEquals(
      (await readProgress(file)).progress.exercises["ej-marco"].passed,
      1,
    );
  });
});

Deno.test("a record from a newer format is never overwritten", async () => {
  await withDir(async (dir) => {
    const file = `${dir}/progreso.json`;
    const newer = JSON.stringify({
      format: "ipc-kit-progreso",
      version: 99,
      quizzes: {},
      exercises: {},
    });
    await Deno.writeTextFile(file, newer);
    await assertRejects(
      () => updateProgress(file, () => {}),
      RangeError,
      "versión más nueva",
    );
    assertEquals(await Deno.readTextFile(file), newer);
  });
});

Deno.test("deno task progreso prints the table, --json the record, and --reset asks first", async () => {
  await withDir(async (dir) => {
    const file = `${dir}/progreso.json`;
    const env = { KIT_PROGRESS_FILE: file };
    await updateProgress(file, (p) => {
      applyQuizEvent(
        p,
        { chapter: "00", id: "q1", measured: false },
        "incorrect",
        "t",
      );
      applyQuizEvent(
        p,
        { chapter: "00", id: "q1", measured: false },
        "correct",
        "t",
      );
      applyQuizEvent(
        p,
        { chapter: "00", id: "q2", measured: false },
        "correct",
        "t",
      );
      applyExerciseRun(p, "ej-marco", { passed: 5, total: 5 }, "t");
    });
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => lines.push(a.join(" "));
    try {
      assertEquals(await runProgreso([], env), 0);
      assertEquals(await runProgreso(["--json"], env), 0);
      assertEquals(await runProgreso(["--reset"], env, () => "no"), 0);
    } finally {
      console.log = log;
    }
    const text = lines.join("\n");
    assertStringIncludes(text, "| 00_start_here.ipynb | 2 de 3 | 1 | 1 de 1 |");
    assertStringIncludes(text, '"00/q1"');
    assertStringIncludes(text, "No cambié nada.");
    assert((await listNames(dir)).includes("progreso.json"));
    const error = console.error;
    console.error = () => {};
    try {
      assertEquals(await runProgreso(["--reset"], env, () => null), 1);
      assertEquals(await runProgreso(["--borrar"], env), 2);
    } finally {
      console.error = error;
    }
    assertEquals(await resetProgress(file) !== null, true);
    assertEquals((await listNames(dir)).includes("progreso.json"), false);
  });
});

Deno.test("exercise ids are unique across the kit (the record keys them by id)", async () => {
  const { EXERCISES_BY_CHAPTER } = await import(
    "../../lib/notebook/exercise_catalog.ts"
  );
  const ids = Object.values(EXERCISES_BY_CHAPTER).flat().map((e) => e.id);
  assert(ids.length >= 9, `only ${ids.length} exercises found`);
  assertEquals(new Set(ids).size, ids.length, ids.join(", "));
});
