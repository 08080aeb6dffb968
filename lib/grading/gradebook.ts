/**
 * The gradebook files: `grades.csv` (one row per submission: file, chapter,
 * status, one column per quiz and exercise, total, maximum, details) and
 * `grades.json` (the same, plus each item's note and each failed check's
 * message). The CSV is for spreadsheets and scripts: RFC 4180 quoting,
 * comma-separated, a dot for decimals.
 *
 * @module
 */

import type { SubmissionGrade } from "./score.ts";

/** Every item column across the rows, in first-seen order. */
export function itemColumns(rows: readonly SubmissionGrade[]): string[] {
  const columns: string[] = [];
  for (const row of rows) {
    for (const item of row.items) {
      if (!columns.includes(item.column)) columns.push(item.column);
    }
  }
  return columns;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The CSV text. A column a submission does not have (another chapter's) is
 * empty; one it has but did not earn is 0.
 *
 * @example
 * ```ts
 * import { gradebookCsv } from "./gradebook.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const csv = gradebookCsv([{
 *   file: "a.ipynb", chapter: "00", status: "calificado", details: ['dice "hola", chao'],
 *   items: [{ column: "00/q1", kind: "quiz", points: 1, max: 1, note: "", failures: [] }],
 *   total: 1, max: 1, cells: [],
 * }]);
 * assertEquals(csv, 'archivo,capitulo,estado,00/q1,total,maximo,detalle\n' +
 *   'a.ipynb,00,calificado,1,1,1,"dice ""hola"", chao"\n');
 * ```
 */
export function gradebookCsv(rows: readonly SubmissionGrade[]): string {
  const columns = itemColumns(rows);
  const header = [
    "archivo",
    "capitulo",
    "estado",
    ...columns,
    "total",
    "maximo",
    "detalle",
  ];
  const lines = [header.map(csvField).join(",")];
  for (const row of rows) {
    const points = new Map(row.items.map((i) => [i.column, i.points]));
    lines.push(
      [
        row.file,
        row.chapter ?? "",
        row.status,
        ...columns.map((c) => points.get(c) ?? ""),
        row.total,
        row.max,
        row.details.join("; "),
      ].map(csvField).join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** The JSON document (Spanish keys, like the CSV's header). */
export function gradebookJson(rows: readonly SubmissionGrade[]): string {
  return JSON.stringify(
    {
      formato: "ipc-kit-calificaciones",
      version: 1,
      columnas: itemColumns(rows),
      entregas: rows.map((row) => ({
        archivo: row.file,
        capitulo: row.chapter,
        estado: row.status,
        detalle: row.details,
        total: row.total,
        maximo: row.max,
        items: row.items.map((item) => ({
          columna: item.column,
          tipo: item.kind === "quiz" ? "pregunta" : "ejercicio",
          puntos: item.points,
          maximo: item.max,
          nota: item.note,
          fallas: item.failures.map((f) => ({
            comprobacion: f.name,
            oculta: f.hidden,
            mensaje: f.message ?? "",
          })),
        })),
        celdas: row.cells.map((c) => ({
          id: c.id,
          calificador: c.grader,
          estado: c.status,
          error: c.error,
        })),
      })),
    },
    null,
    1,
  ) + "\n";
}
