/**
 * Reading the process table the way `ps` does: from Linux's `/proc`.
 *
 * Every process has a directory `/proc/<pid>/` whose `stat` file holds one
 * line: pid, the command name in parentheses, a one-letter state (R running,
 * S sleeping, Z zombie, …) and the parent's pid, among forty-odd fields. The
 * parser is pure so it can be tested on plain strings, including the awkward
 * case of a command name that itself contains spaces or parentheses.
 *
 * @module
 */

/** Why it exists: one row of the process table, the part the course uses. */
export interface ProcStat {
  /** The process id (field 1 of `/proc/<pid>/stat`). */
  pid: number;
  /** The command name (at most 15 characters, as the kernel keeps it). */
  command: string;
  /** One-letter scheduler state: R, S, D, Z, T, t, X, I, … */
  state: string;
  /** The parent's pid (field 4 of `/proc/<pid>/stat`). */
  ppid: number;
}

/**
 * Parses one `/proc/<pid>/stat` line. The command name sits between the
 * first "(" and the LAST ")", because the name may contain ")" or spaces.
 *
 * @example A command name with spaces and a parenthesis
 * ```ts
 * import { parseProcStat } from "./proc_fs.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const row = parseProcStat("42 (my (odd) app) S 7 42 42 0 -1");
 * assertEquals(row, { pid: 42, command: "my (odd) app", state: "S", ppid: 7 });
 * ```
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf("(");
  const close = line.lastIndexOf(")");
  if (open < 1 || close < open) {
    throw new SyntaxError(
      `La línea de stat no tiene el campo "(comando)": ${JSON.stringify(line)}`,
    );
  }
  const pid = Number(line.slice(0, open).trim());
  const rest = line.slice(close + 1).trim().split(/\s+/);
  const state = rest[0] ?? "";
  const ppid = Number(rest[1]);
  if (!Number.isInteger(pid) || !/^[A-Za-z]$/.test(state)) {
    throw new SyntaxError(
      `La línea de stat no tiene un pid o estado válido: ${
        JSON.stringify(line)
      }`,
    );
  }
  if (!Number.isInteger(ppid)) {
    throw new SyntaxError(
      `La línea de stat no tiene un ppid válido: ${JSON.stringify(line)}`,
    );
  }
  return { pid, command: line.slice(open + 1, close), state, ppid };
}

/**
 * Reads one process's row, or `null` when no such process exists (it ended
 * and was reaped, or never existed).
 *
 * @example This process is in the table, and its parent is too
 * ```ts
 * import { readProcStat } from "./proc_fs.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const me = readProcStat(Deno.pid);
 * assertEquals(me?.pid, Deno.pid);
 * assertEquals(me?.ppid, Deno.ppid);
 * ```
 */
export function readProcStat(pid: number): ProcStat | null {
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new RangeError(`Un pid debe ser un entero positivo, no ${pid}`);
  }
  try {
    return parseProcStat(Deno.readTextFileSync(`/proc/${pid}/stat`));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Reads the whole process table (processes that vanish while it is read are
 * skipped: the table changes under our feet).
 *
 * @example The table includes this process
 * ```ts
 * import { listProcesses } from "./proc_fs.ts";
 * import { assert } from "@std/assert";
 *
 * assert(listProcesses().some((p) => p.pid === Deno.pid));
 * ```
 */
export function listProcesses(): ProcStat[] {
  const rows: ProcStat[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!entry.isDirectory || !/^\d+$/.test(entry.name)) continue;
    const row = readProcStat(Number(entry.name));
    if (row) rows.push(row);
  }
  return rows.sort((a, b) => a.pid - b.pid);
}

/**
 * Waits (polling `/proc`, bounded) until a process shows a given state or
 * disappears. Returns the last row seen (`null` if it is gone).
 *
 * @example A process that is running is not a zombie yet
 * ```ts
 * import { waitForProcState } from "./proc_fs.ts";
 * import { assertNotEquals } from "@std/assert";
 *
 * const row = await waitForProcState(Deno.pid, "Z", { timeoutMs: 30 });
 * assertNotEquals(row?.state, "Z");
 * ```
 */
export async function waitForProcState(
  pid: number,
  state: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<ProcStat | null> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = performance.now() + timeoutMs;
  let row = readProcStat(pid);
  while (row && row.state !== state && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    row = readProcStat(pid);
  }
  return row;
}
