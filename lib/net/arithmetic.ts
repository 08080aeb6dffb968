/**
 * A safe evaluator for the workshop's tasks: arithmetic only, never `eval`.
 *
 * The workshop's client runs `eval(tarea)` on whatever text the server sent.
 * Anything that arrives over a socket is untrusted: `eval` would run
 * `__import__('os').system(...)` just as happily as `2 + 2`. This parser
 * accepts exactly numbers, `+ - * /` (and `× ÷ −`), parentheses and unary
 * minus; everything else is an {@linkcode ArithmeticSyntaxError} naming the
 * position, and nothing is ever executed.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";

/** Longest expression accepted; longer input is refused before parsing. */
export const MAX_EXPRESSION_LENGTH = 1000;

/** Deepest parenthesis / unary-minus nesting accepted (protects the stack). */
export const MAX_EXPRESSION_DEPTH = 100;

/**
 * The text is not an arithmetic expression the parser accepts. `position` is
 * the 0-based index (in UTF-16 units) where the problem was found.
 */
export class ArithmeticSyntaxError extends SyntaxError {
  /** Where in the expression the problem was found. */
  readonly position: number;
  /** Builds the error; `position` is shown in the message too. */
  constructor(message: string, position: number) {
    super(`${message} en la posición ${formatNumber(position)}`);
    this.name = "ArithmeticSyntaxError";
    this.position = position;
  }
}

/** The expression divides by zero (Python raises ZeroDivisionError here). */
export class DivisionByZeroError extends RangeError {
  /** Builds the error. */
  constructor() {
    super("División por cero");
    this.name = "DivisionByZeroError";
  }
}

type Token =
  | { kind: "number"; value: number; at: number }
  | { kind: "op"; op: "+" | "-" | "*" | "/" | "(" | ")"; at: number };

const OPERATOR_ALIASES: Record<string, "+" | "-" | "*" | "/" | "(" | ")"> = {
  "+": "+",
  "-": "-",
  "\u2212": "-", // − minus sign
  "*": "*",
  "\u00d7": "*", // ×
  "/": "/",
  "\u00f7": "/", // ÷
  "(": "(",
  ")": ")",
};

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const op = OPERATOR_ALIASES[ch];
    if (op) {
      if (op === "*" && text[i + 1] === "*") {
        throw new ArithmeticSyntaxError(
          "El operador de potencia ** no está permitido",
          i,
        );
      }
      tokens.push({ kind: "op", op, at: i });
      i++;
      continue;
    }
    const match = NUMBER.exec(text.slice(i));
    if (match) {
      tokens.push({ kind: "number", value: Number(match[0]), at: i });
      i += match[0].length;
      continue;
    }
    const shown = JSON.stringify(String.fromCodePoint(text.codePointAt(i)!));
    throw new ArithmeticSyntaxError(`Carácter inesperado ${shown}`, i);
  }
  return tokens;
}

/**
 * Evaluates an arithmetic expression. Precedence and associativity are the
 * usual ones (`*`/`/` before `+`/`-`, left to right); `/` is true division.
 *
 * @example What it accepts and what it refuses
 * ```ts
 * import {
 *   ArithmeticSyntaxError,
 *   DivisionByZeroError,
 *   evaluateArithmetic,
 * } from "./arithmetic.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(evaluateArithmetic("2 + 2"), 4);
 * assertEquals(evaluateArithmetic("-(3 × 4) ÷ 8"), -1.5);
 * assertThrows(() => evaluateArithmetic("__import__('os')"), ArithmeticSyntaxError);
 * assertThrows(() => evaluateArithmetic("1 / 0"), DivisionByZeroError);
 * ```
 */
export function evaluateArithmetic(text: string): number {
  if (typeof text !== "string") {
    throw new TypeError("La expresión debe ser un string");
  }
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new RangeError(
      `La expresión tiene ${
        formatNumber(text.length)
      } caracteres y el máximo es ${formatNumber(MAX_EXPRESSION_LENGTH)}`,
    );
  }
  const tokens = tokenize(text);
  let index = 0;
  const peek = () => tokens[index];
  const endAt = () => text.length;

  const isOp = (token: Token | undefined, ...ops: string[]) =>
    token?.kind === "op" && ops.includes(token.op);

  function expression(depth: number): number {
    let value = term(depth);
    while (isOp(peek(), "+", "-")) {
      const op = (tokens[index++] as { op: string }).op;
      const right = term(depth);
      value = op === "+" ? value + right : value - right;
    }
    return value;
  }

  function term(depth: number): number {
    let value = factor(depth);
    while (isOp(peek(), "*", "/")) {
      const op = (tokens[index++] as { op: string }).op;
      const right = factor(depth);
      if (op === "*") value *= right;
      else {
        if (right === 0) throw new DivisionByZeroError();
        value /= right;
      }
    }
    return value;
  }

  function factor(depth: number): number {
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw new RangeError(
        `La expresión anida más de ${
          formatNumber(MAX_EXPRESSION_DEPTH)
        } niveles`,
      );
    }
    const token = tokens[index];
    if (token === undefined) {
      throw new ArithmeticSyntaxError(
        "La expresión terminó antes de tiempo",
        endAt(),
      );
    }
    index++;
    if (token.kind === "number") return token.value;
    if (token.op === "-") return -factor(depth + 1);
    if (token.op === "+") return factor(depth + 1);
    if (token.op === "(") {
      const value = expression(depth + 1);
      const close = tokens[index];
      if (!isOp(close, ")")) {
        throw new ArithmeticSyntaxError(
          "Falta cerrar un paréntesis",
          close?.at ?? endAt(),
        );
      }
      index++;
      return value;
    }
    throw new ArithmeticSyntaxError(`«${token.op}» inesperado`, token.at);
  }

  if (tokens.length === 0) {
    throw new ArithmeticSyntaxError("Expresión vacía", 0);
  }
  const value = expression(0);
  if (index < tokens.length) {
    const extra = tokens[index];
    const what = extra.kind === "number" ? "Número" : `«${extra.op}»`;
    throw new ArithmeticSyntaxError(`${what} inesperado`, extra.at);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError("El resultado no es un número finito");
  }
  return value;
}
