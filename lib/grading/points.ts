/**
 * Points: what each quiz and exercise is worth, and the rules that turn a
 * progress entry into points. Defaults: a quiz 1 point, an exercise 3. One
 * JSON file (`--puntos puntos.json`) overrides any of it:
 *
 * ```json
 * { "pregunta": 1, "ejercicio": 3, "factorTrasRevelar": 0.5,
 *   "factorTrasErrores": 1, "items": { "00/q1": 2, "ej-marco": 5 } }
 * ```
 *
 * Rules. A quiz earns its points when it was answered right (`solved`); if
 * its answer was shown before it was solved (`revealed`), it earns
 * `factorTrasRevelar` of them (default 0.5); if the first answer was wrong,
 * `factorTrasErrores` (default 1: no penalty); both multiply. An exercise
 * earns `points × passed / total` over its visible checks (the last run the
 * notebook made) plus the hidden ones.
 *
 * @module
 */

/** The points configuration. */
export interface PointsConfig {
  /** Points of a quiz without an entry in `items`. */
  pregunta: number;
  /** Points of an exercise without an entry in `items`. */
  ejercicio: number;
  /** Share kept by a quiz whose answer was shown before it was solved. */
  factorTrasRevelar: number;
  /** Share kept by a quiz whose first answer was wrong. */
  factorTrasErrores: number;
  /** Points by column: `chapter/id` for quizzes, the id for exercises. */
  items: Readonly<Record<string, number>>;
}

/** The defaults. */
export const DEFAULT_POINTS: PointsConfig = {
  pregunta: 1,
  ejercicio: 3,
  factorTrasRevelar: 0.5,
  factorTrasErrores: 1,
  items: {},
};

function nonNegative(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `${what} debe ser un número ≥ 0 (es ${JSON.stringify(value)})`,
    );
  }
  return value;
}

function share(value: unknown, what: string): number {
  const n = nonNegative(value, what);
  if (n > 1) throw new RangeError(`${what} debe estar entre 0 y 1 (es ${n})`);
  return n;
}

/**
 * Validates a parsed `puntos.json`, filling in the defaults.
 *
 * @throws {TypeError} When it is not an object. @throws {RangeError} When a
 * value is negative, not a number, or a factor is above 1 (Spanish messages:
 * an instructor reads them).
 *
 * @example
 * ```ts
 * import { parsePoints } from "./points.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const p = parsePoints({ ejercicio: 5, items: { "00/q1": 2 } });
 * assertEquals([p.pregunta, p.ejercicio, p.items["00/q1"]], [1, 5, 2]);
 * assertThrows(() => parsePoints({ pregunta: -1 }), RangeError);
 * assertThrows(() => parsePoints({ factorTrasRevelar: 2 }), RangeError);
 * assertThrows(() => parsePoints([]), TypeError);
 * ```
 */
export function parsePoints(value: unknown): PointsConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError("puntos.json debe ser un objeto JSON");
  }
  const v = value as Record<string, unknown>;
  const items: Record<string, number> = {};
  const rawItems = v.items ?? {};
  if (
    typeof rawItems !== "object" || rawItems === null || Array.isArray(rawItems)
  ) {
    throw new TypeError('"items" debe ser un objeto { "columna": puntos }');
  }
  for (const [key, n] of Object.entries(rawItems)) {
    items[key] = nonNegative(n, `items["${key}"]`);
  }
  return {
    pregunta: nonNegative(v.pregunta ?? DEFAULT_POINTS.pregunta, "pregunta"),
    ejercicio: nonNegative(
      v.ejercicio ?? DEFAULT_POINTS.ejercicio,
      "ejercicio",
    ),
    factorTrasRevelar: share(
      v.factorTrasRevelar ?? DEFAULT_POINTS.factorTrasRevelar,
      "factorTrasRevelar",
    ),
    factorTrasErrores: share(
      v.factorTrasErrores ?? DEFAULT_POINTS.factorTrasErrores,
      "factorTrasErrores",
    ),
    items,
  };
}

/** Reads and validates a points file (`null`: the defaults). */
export async function loadPoints(path: string | null): Promise<PointsConfig> {
  if (path === null) return DEFAULT_POINTS;
  return parsePoints(JSON.parse(await Deno.readTextFile(path)));
}

/** Rounds to hundredths (points are shown with at most two decimals). */
export function roundPoints(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * A quiz's points under the rules above.
 *
 * @example
 * ```ts
 * import { DEFAULT_POINTS, quizPoints } from "./points.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const right = { solved: true, revealed: false, firstTryRight: true };
 * assertEquals(quizPoints(DEFAULT_POINTS, "00/q1", right), 1);
 * assertEquals(quizPoints(DEFAULT_POINTS, "00/q1", { ...right, revealed: true }), 0.5);
 * assertEquals(quizPoints(DEFAULT_POINTS, "00/q1", { ...right, solved: false }), 0);
 * assertEquals(quizPoints(DEFAULT_POINTS, "00/q1", undefined), 0);
 * ```
 */
export function quizPoints(
  config: PointsConfig,
  column: string,
  entry:
    | { solved: boolean; revealed: boolean; firstTryRight: boolean | null }
    | undefined,
): number {
  if (!entry?.solved) return 0;
  let points = config.items[column] ?? config.pregunta;
  if (entry.revealed) points *= config.factorTrasRevelar;
  if (entry.firstTryRight === false) points *= config.factorTrasErrores;
  return roundPoints(points);
}

/**
 * An exercise's points: `points × passed / total` (0 when nothing ran).
 *
 * @example
 * ```ts
 * import { DEFAULT_POINTS, exercisePoints } from "./points.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(exercisePoints(DEFAULT_POINTS, "ej-marco", 4, 6), 2);
 * assertEquals(exercisePoints(DEFAULT_POINTS, "ej-marco", 0, 0), 0);
 * ```
 */
export function exercisePoints(
  config: PointsConfig,
  column: string,
  passed: number,
  total: number,
): number {
  if (total <= 0) return 0;
  return roundPoints(maxPoints(config, column, "exercise") * passed / total);
}

/** What a column is worth at most. */
export function maxPoints(
  config: PointsConfig,
  column: string,
  kind: "quiz" | "exercise",
): number {
  return config.items[column] ??
    (kind === "quiz" ? config.pregunta : config.ejercicio);
}
