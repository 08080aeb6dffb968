/**
 * What the terminal programs share at their edge: strict argument parsing
 * and one-line Spanish errors.
 *
 * A learner who types `--port -5` or `--prot 80` gets one line saying what
 * is wrong and exit code 2, not a random port or a silently ignored flag; a
 * refused connection or a silent server is one line and exit code 1, never
 * a stack trace.
 *
 * @module
 */

import { type Args, parseArgs } from "@std/cli/parse-args";
import { WaitTimeoutError } from "../util/deadline.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** A bad command line; its message is Spanish and shown as is (exit 2). */
export class UsageError extends Error {
  /** The class name, shown before the message. */
  override name = "UsageError";
}

/** A failure the program words itself in Spanish (exit 1). */
export class ProgramError extends Error {
  /** The class name, shown before the message. */
  override name = "ProgramError";
}

/** The flags a program accepts (`help` is always a boolean flag). */
export interface CliSpec {
  /** Flags that take a value. */
  string?: string[];
  /** Flags without a value. */
  boolean?: string[];
  /** Value flags that may repeat (collected in an array). */
  collect?: string[];
  /** Defaults of value flags. */
  default?: Record<string, string>;
}

/**
 * Parses `argv` with `@std/cli/parse-args`, rejecting unknown flags and
 * stray arguments with a {@linkcode UsageError}. A negative number after a
 * value flag is taken as its value (so `--port -5` is reported as a bad
 * port, not as an unknown flag `-5`).
 *
 * @example Known flags pass, unknown ones are a Spanish usage error
 * ```ts
 * import { parseCli, UsageError } from "./cli.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * const args = parseCli(["--port", "80"], { string: ["port"] });
 * assertEquals(args.port, "80");
 * assertEquals(parseCli(["--port", "-5"], { string: ["port"] }).port, "-5");
 * assertThrows(() => parseCli(["--prot", "80"], { string: ["port"] }), UsageError, "--prot");
 * ```
 */
export function parseCli(argv: string[], spec: CliSpec): Args {
  const valued = new Set([...(spec.string ?? []), ...(spec.collect ?? [])]);
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (
      arg.startsWith("--") && valued.has(arg.slice(2)) && next !== undefined &&
      /^-\d/.test(next)
    ) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return parseArgs(joined, {
    string: [...valued],
    boolean: ["help", ...(spec.boolean ?? [])],
    collect: spec.collect ?? [],
    default: spec.default ?? {},
    unknown(arg: string, key?: string) {
      throw new UsageError(
        key === undefined
          ? `argumento inesperado: ${arg}`
          : `opción desconocida: ${arg}`,
      );
    },
  });
}

/**
 * A TCP port from the command line: an integer 1–65535 (0 too with
 * `allowZero`, for a server that takes any free port).
 *
 * @example
 * ```ts
 * import { portArg, UsageError } from "./cli.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(portArg("4444"), 4444);
 * assertEquals(portArg("0", { allowZero: true }), 0);
 * assertThrows(() => portArg("-5"), UsageError, "entre 1 y 65535");
 * assertThrows(() => portArg("80.5"), UsageError);
 * ```
 */
export function portArg(
  value: unknown,
  options: { allowZero?: boolean; flag?: string } = {},
): number {
  const low = options.allowZero ? 0 : 1;
  const text = String(value ?? "");
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= low && port <= 65535)) {
    throw new UsageError(
      `${
        options.flag ?? "--port"
      } debe ser un entero entre ${low} y 65535, no "${text}"`,
    );
  }
  return port;
}

/**
 * A positive integer from the command line (a timeout in ms, a count).
 *
 * @example
 * ```ts
 * import { positiveIntArg, UsageError } from "./cli.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(positiveIntArg("500", "--timeout"), 500);
 * assertThrows(() => positiveIntArg("0", "--timeout"), UsageError, "--timeout");
 * ```
 */
export function positiveIntArg(value: unknown, flag: string): number {
  const text = String(value ?? "");
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && Number.isSafeInteger(n))) {
    throw new UsageError(`${flag} debe ser un entero positivo, no "${text}"`);
  }
  return n;
}

/**
 * One Spanish line saying what went wrong, for the terminal.
 *
 * @example
 * ```ts
 * import { describeError } from "./cli.ts";
 * import { WaitTimeoutError } from "../util/deadline.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(
 *   describeError(new WaitTimeoutError("al servidor", 500)),
 *   "el servidor no respondió en 500 ms",
 * );
 * ```
 */
export function describeError(error: unknown): string {
  if (error instanceof UsageError || error instanceof ProgramError) {
    return oneLine(error.message);
  }
  if (error instanceof WaitTimeoutError) {
    return `el servidor no respondió en ${formatNumber(error.timeoutMs)} ms`;
  }
  const e = Deno.errors;
  if (error instanceof e.ConnectionRefused) {
    return "conexión rechazada: nadie escucha en esa dirección";
  }
  if (error instanceof e.NotFound) {
    return "no existe el socket (¿está corriendo el servidor?)";
  }
  if (error instanceof e.AddrInUse) {
    return "la dirección ya está en uso (¿otro servidor en ese puerto?)";
  }
  if (error instanceof e.PermissionDenied || error instanceof e.NotCapable) {
    return `permiso denegado: ${oneLine((error as Error).message)}`;
  }
  if (
    error instanceof e.UnexpectedEof || error instanceof e.ConnectionReset ||
    error instanceof e.BrokenPipe
  ) {
    return "el servidor cerró la conexión antes de responder";
  }
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return `error inesperado (${name}): ${oneLine(message)}`;
}

function oneLine(text: string): string {
  return text.split("\n")[0].slice(0, 300);
}

/**
 * Runs a program's main: `--help` prints `help` and exits 0; a
 * {@linkcode UsageError} prints one line and exits 2; any other error
 * prints {@linkcode describeError}'s line and exits 1.
 *
 * @example A program's main (it exits the process, so it is not run here)
 * ```ts ignore
 * await runProgram(HELP, { string: ["port"] }, async (args) => {
 *   const port = portArg(args.port);
 *   // …
 * });
 * ```
 */
export async function runProgram(
  help: string,
  spec: CliSpec,
  main: (args: Args) => Promise<void>,
): Promise<void> {
  let args: Args;
  try {
    args = parseCli(Deno.args, spec);
  } catch (error) {
    console.error(
      `[ERROR] ${describeError(error)} (usa --help para ver las opciones)`,
    );
    Deno.exit(2);
  }
  if (args.help) {
    console.log(help);
    Deno.exit(0);
  }
  try {
    await main(args);
  } catch (error) {
    const usage = error instanceof UsageError;
    console.error(
      `[ERROR] ${describeError(error)}${
        usage ? " (usa --help para ver las opciones)" : ""
      }`,
    );
    Deno.exit(usage ? 2 : 1);
  }
}
