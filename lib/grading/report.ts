/**
 * The short Spanish report per submission (`<name>.md`): the status and its
 * reasons, a table of points per quiz and exercise, and the checks that
 * failed with their messages. Written for the student it is returned to.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import type { SubmissionGrade } from "./score.ts";

function points(n: number): string {
  return formatNumber(n, Number.isInteger(n) ? 0 : 2);
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/**
 * The report's Markdown.
 *
 * @example
 * ```ts
 * import { submissionReport } from "./report.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const md = submissionReport({
 *   file: "a.ipynb", chapter: "00", status: "calificado", details: [],
 *   items: [{ column: "ej-marco", kind: "exercise", points: 1.5, max: 3,
 *     note: "3 de 6 comprobaciones", failures: [{ name: "acentos", hidden: false, passed: false, message: "se esperaba 8" }] }],
 *   total: 1.5, max: 3, cells: [],
 * });
 * assertStringIncludes(md, "**Total: 1,50 de 3 puntos**");
 * assertStringIncludes(md, "- acentos: se esperaba 8");
 * ```
 */
export function submissionReport(grade: SubmissionGrade): string {
  const lines = [`# Calificación de ${grade.file}`, ""];
  lines.push(
    `**Estado:** ${grade.status}${
      grade.chapter ? ` · capítulo ${grade.chapter}` : ""
    }`,
    "",
  );
  if (grade.details.length > 0) {
    lines.push(...grade.details.map((d) => `- ${d}`), "");
  }
  if (grade.status === "no calificado") return lines.join("\n");
  lines.push(
    `**Total: ${points(grade.total)} de ${points(grade.max)} puntos**`,
    "",
  );
  if (grade.items.length > 0) {
    lines.push("| qué | tipo | puntos | detalle |", "|---|---|---|---|");
    for (const item of grade.items) {
      lines.push(
        `| ${cell(item.column)} | ${
          item.kind === "quiz" ? "pregunta" : "ejercicio"
        } | ${points(item.points)} de ${points(item.max)} | ${
          cell(item.note)
        } |`,
      );
    }
    lines.push("");
  }
  const failing = grade.items.filter((i) => i.failures.length > 0);
  for (const item of failing) {
    lines.push(`## Comprobaciones que fallaron en ${item.column}`, "");
    for (const f of item.failures) {
      lines.push(
        `- ${f.hidden ? "(oculta) " : ""}${f.name}: ${f.message ?? "falló"}`,
      );
    }
    lines.push("");
  }
  lines.push(
    "Las preguntas cuentan las respuestas que el cuaderno da al ejecutarse " +
      '(las celdas `answer("id", "letra")`); los clics en los botones quedan ' +
      "solo en tu computador.",
    "",
  );
  return lines.join("\n");
}
