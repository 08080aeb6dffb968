/**
 * Synthetic submissions for the grader's tests: notebook 00 as shipped, with
 * its exercise solved or half solved, and small notebooks that misbehave
 * (an endless loop, a wait that never ends, Deno.exit, a throwing import).
 */

import { join } from "@std/path";

const KIT = new URL("../../", import.meta.url).pathname;

/** A notebook as JSON. */
export type Notebook = {
  // deno-lint-ignore no-explicit-any
  cells: any[];
  metadata: Record<string, unknown>;
  [k: string]: unknown;
};

/** Notebook 00 as the kit ships it. */
export async function starter00(): Promise<Notebook> {
  return JSON.parse(
    await Deno.readTextFile(join(KIT, "notebooks", "00_start_here.ipynb")),
  );
}

/** A correct `frameText`, and one that counts characters instead of bytes. */
export const FRAME_TEXT = {
  solved: `function frameText(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

await checkExercise(frameTextExercise, frameText);`,
  // Counts UTF-16 code units: right for ASCII, wrong for "canción".
  partial: `function frameText(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, text.length);
  out.set(body, 4);
  return out;
}

await checkExercise(frameTextExercise, frameText);`,
  loops: `function frameText(text: string): Uint8Array {
  while (true) {} // never returns
}

while (true) {} // the cell itself never ends
await checkExercise(frameTextExercise, frameText);`,
};

/** Notebook 00 with its exercise cell (c15) replaced and chosen answers. */
export async function variant00(
  exercise: string,
  answers: Record<string, string> = {},
): Promise<Notebook> {
  const nb = await starter00();
  for (const cell of nb.cells) {
    if (cell.id === "c15") cell.source = exercise;
    const source = Array.isArray(cell.source)
      ? cell.source.join("")
      : cell.source;
    const m = source.match(/^await answer\("(q\d)", "[^"]*"\);/);
    if (m && m[1] in answers) {
      cell.source = `await answer("${m[1]}", "${answers[m[1]]}");`;
    }
  }
  return nb;
}

/** A small notebook: an import cell, then the given code cells. */
export function tiny(cells: string[], withKernelspec = true): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: withKernelspec
      ? {
        kernelspec: {
          name: "deno",
          display_name: "Deno",
          language: "typescript",
        },
      }
      : {},
    cells: cells.map((source, i) => ({
      cell_type: "code",
      id: `t${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
  };
}

/** The import cell of the small notebooks. */
export const IMPORTS =
  'import { answer, checkExercise, frameTextExercise, quiz, showText } from "../lib/mod.ts";\nawait showText("ok");';

/** Writes notebooks into a new temp folder; returns the folder. */
export async function writeSubmissions(
  files: Record<string, Notebook | string>,
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "grading-test-" });
  for (const [name, nb] of Object.entries(files)) {
    await Deno.writeTextFile(
      join(dir, name),
      typeof nb === "string" ? nb : JSON.stringify(nb, null, 1),
    );
  }
  return dir;
}
