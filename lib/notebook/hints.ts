/**
 * Asking for help, in Spanish, from a cell: `await pista("ej-marco")` shows
 * the next hint of an exercise (or of a quiz asked in this session, by its
 * id); `await solucion("ej-marco")` shows an exercise's worked answer (or a
 * quiz's full answer). Both resolve to nothing; `hintText` and
 * `solutionText` are their pure twins.
 *
 * A worked answer is shown on request at any time: hiding it until a failed
 * attempt would only teach readers to run the starter first. The report of a
 * failed check points to both.
 *
 * @module
 */

import { showMarkdown } from "./display.ts";
import { type AnyExercise, findExercise } from "./exercise_catalog.ts";
import { exerciseHintsShown, markExerciseHintShown } from "./exercise_state.ts";
import { applyExerciseRun } from "./progress_format.ts";
import { recordProgress } from "./progress.ts";
import { askedQuizIds, quizHint, revealQuiz } from "./quiz_session.ts";

/** An exercise (by id or spec) or a quiz shown in this session (by id). */
export type HelpTarget = string | AnyExercise;

function resolve(target: HelpTarget): AnyExercise | string | null {
  if (typeof target !== "string") return target;
  const found = findExercise(target);
  if (found) return found.spec;
  return askedQuizIds().includes(target) ? target : null;
}

function unknownTarget(target: unknown): string {
  return `**Aviso:** no conozco un ejercicio ni una pregunta (ya mostrada) con id "${
    String(target)
  }". Usa el id que aparece en el informe del ejercicio (por ejemplo \`await pista("ej-marco")\`) o el de una pregunta ya ejecutada.`;
}

/**
 * The next hint of an exercise or a quiz (Markdown), counting it as shown.
 *
 * @example Hints in order, then a note that they ran out
 * ```ts
 * import { hintText } from "./hints.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const spec = { id: "doc-pista", title: "t", hints: ["uno", "dos"], checks: [] };
 * assertStringIncludes(await hintText(spec), "Pista 1 de 2");
 * assertStringIncludes(await hintText(spec), "dos");
 * assertStringIncludes(await hintText(spec), "No quedan más pistas");
 * ```
 */
export async function hintText(target: HelpTarget): Promise<string> {
  const found = resolve(target);
  if (found === null) return unknownTarget(target);
  if (typeof found === "string") return await quizHint(found);
  const hints = found.hints ?? [];
  const n = exerciseHintsShown(found.id);
  if (n >= hints.length) {
    const worked = found.worked
      ? ` Si quieres, mira la solución comentada con \`await solucion("${found.id}")\`.`
      : "";
    return hints.length === 0
      ? `Este ejercicio no tiene pistas propias: vuelve a leer la sección anterior y compara lo esperado con lo obtenido en el informe.${worked}`
      : `No quedan más pistas para \`${found.id}\` (eran ${hints.length}).${worked}`;
  }
  markExerciseHintShown(found.id);
  return `**Pista ${n + 1} de ${hints.length}** (\`${found.id}\`): ${hints[n]}`;
}

/**
 * The worked answer of an exercise, or the full answer of a quiz (Markdown);
 * recorded in the progress file as shown.
 *
 * @example
 * ```ts
 * import { solutionText } from "./hints.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const spec = { id: "doc-sol", title: "t", worked: "Así: `x`", checks: [] };
 * assertStringIncludes(await solutionText(spec), "Así: `x`");
 * ```
 */
export async function solutionText(target: HelpTarget): Promise<string> {
  const found = resolve(target);
  if (found === null) return unknownTarget(target);
  if (typeof found === "string") return await revealQuiz(found);
  if (!found.worked) {
    return `\`${found.id}\` no trae una solución comentada; pide pistas con \`await pista("${found.id}")\`.`;
  }
  const at = new Date().toISOString();
  const warning = await recordProgress((p) =>
    applyExerciseRun(p, found.id, "worked", at)
  );
  return [
    `### Solución comentada de \`${found.id}\``,
    "",
    found.worked,
    "",
    "*Léela, ciérrala y escribe la tuya sin mirarla: así se aprende.*",
    warning ? `\n**Aviso:** ${warning}` : "",
  ].join("\n");
}

/**
 * Shows the next hint of an exercise (by id or spec) or of a quiz shown in
 * this session (by id). Resolves to nothing.
 *
 * @example
 * ```ts
 * import { pista } from "./hints.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await pista("ej-marco"), undefined);
 * ```
 */
export async function pista(target: HelpTarget): Promise<void> {
  await showMarkdown(await hintText(target));
}

/**
 * Shows the worked answer of an exercise (by id or spec) or the full answer
 * of a quiz shown in this session (by id). Resolves to nothing.
 *
 * @example
 * ```ts
 * import { solucion } from "./hints.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await solucion("no-existe"), undefined);
 * ```
 */
export async function solucion(target: HelpTarget): Promise<void> {
  await showMarkdown(await solutionText(target));
}
