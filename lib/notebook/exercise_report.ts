/**
 * The Markdown report of an exercise run: one line per check marked with
 * ✔/✘ (in DejaVu Sans, so readable without an emoji font) and, when a check
 * failed, the next step (a hint, the worked answer, or re-reading).
 *
 * @module
 */

import type { CheckOutcome, ExerciseSpec } from "./exercise.ts";

/**
 * What a failed report suggests next: the next hint (if any is left), the
 * worked answer (if the exercise has one), or re-reading the section.
 *
 * @example
 * ```ts
 * import { nextStepAdvice } from "./exercise.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const spec = { id: "ej", title: "t", hints: ["h1"], worked: "w", checks: [] };
 * assertStringIncludes(nextStepAdvice(spec, 0), 'await pista("ej")');
 * assertStringIncludes(nextStepAdvice(spec, 1), 'await solucion("ej")');
 * ```
 */
export function nextStepAdvice(
  spec: Pick<ExerciseSpec<unknown>, "id" | "hints" | "worked">,
  hintsShown: number,
): string {
  const left = (spec.hints?.length ?? 0) - hintsShown;
  const parts: string[] = [];
  if (left > 0) {
    parts.push(
      `pide la pista ${hintsShown + 1} de ${
        spec.hints!.length
      } con \`await pista("${spec.id}")\``,
    );
  } else {
    parts.push("vuelve a leer la sección anterior al ejercicio");
  }
  if (spec.worked) {
    parts.push(
      `mira una solución comentada con \`await solucion("${spec.id}")\``,
    );
  }
  return `**¿Atascado?** ${parts.join(", o ")}.`;
}

/** The Markdown report of one run, with advice when a check failed. */
export function formatReport(
  spec: ExerciseSpec<unknown>,
  outcomes: CheckOutcome[],
  hintsShown: number,
): string {
  const passed = outcomes.filter((o) => o.status === "passed").length;
  const total = outcomes.length;
  const lines = [
    `### Ejercicio \`${spec.id}\`: ${spec.title}`,
    "",
    passed === total
      ? `**✔ Aprobado: ${passed} de ${total} comprobaciones correctas.**`
      : `**✘ ${passed} de ${total} comprobaciones correctas.**`,
    "",
  ];
  for (const o of outcomes) {
    switch (o.status) {
      case "passed":
        lines.push(`- ✔ ${o.name}`);
        break;
      case "failed":
        lines.push(
          `- ✘ ${o.name} — esperado \`${o.expected}\`, obtenido \`${o.got}\``,
        );
        break;
      case "threw":
        lines.push(`- ✘ ${o.name} — tu función lanzó \`${o.error}\``);
        if (o.stack) lines.push("", "```", o.stack, "```");
        break;
      case "timeout":
        lines.push(
          `- ✘ ${o.name} — se excedió el tiempo (${o.timeoutMs} ms)`,
        );
        break;
    }
  }
  if (passed < total) {
    lines.push(
      "",
      "Corrige tu solución y vuelve a ejecutar la celda.",
      "",
      nextStepAdvice(spec, hintsShown),
    );
  }
  return lines.join("\n");
}
