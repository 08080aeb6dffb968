/**
 * The grader's progress on the terminal: on a TTY one stderr line rewritten
 * in place (a bar, the submission, its cell); elsewhere (CI logs, a pipe)
 * plain lines, one when a submission starts and one when it is graded.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * The bar's text.
 *
 * @example
 * ```ts
 * import { progressText } from "./progress_bar.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(
 *   progressText({ done: 1, total: 4, name: "ana.ipynb", cell: 3, cells: 10 }, 10),
 *   "[###-------] 2/4 ana.ipynb · celda 3 de 10",
 * );
 * ```
 */
export function progressText(
  state: {
    done: number;
    total: number;
    name: string;
    cell: number;
    cells: number;
  },
  barWidth = 20,
): string {
  const fraction = state.total === 0
    ? 1
    : (state.done + (state.cells > 0 ? state.cell / state.cells : 0)) /
      state.total;
  const filled = Math.min(barWidth, Math.round(fraction * barWidth));
  const bar = "#".repeat(filled) + "-".repeat(barWidth - filled);
  const cell = state.cells > 0
    ? ` · celda ${state.cell} de ${state.cells}`
    : "";
  return `[${bar}] ${
    Math.min(state.done + 1, state.total)
  }/${state.total} ${state.name}${cell}`;
}

/** Writes the progress to stderr, rewriting one line on a terminal. */
export class ProgressLine {
  #tty: boolean;
  #write: (text: string) => void;
  #last = "";

  /** `tty` and `write` are for tests; by default stderr and whether it is a terminal. */
  constructor(
    tty = Deno.stderr.isTerminal(),
    write = (text: string) => {
      Deno.stderr.writeSync(encoder.encode(text));
    },
  ) {
    this.#tty = tty;
    this.#write = write;
  }

  /** Shows the state (on a terminal; elsewhere `note` prints the lines). */
  show(text: string): void {
    if (!this.#tty || text === this.#last) return;
    this.#last = text;
    let columns = 0;
    try {
      columns = Deno.consoleSize().columns;
    } catch { /* no console size: the default below */ }
    if (!(columns >= 20)) columns = 100;
    this.#write(`\r\x1b[2K${text.slice(0, Math.max(10, columns - 1))}`);
  }

  /**
   * A line that stays: on a terminal it replaces the bar (which is redrawn
   * by the next `show`); elsewhere it is simply printed.
   *
   * @example Without a terminal only the notes are written
   * ```ts
   * import { ProgressLine } from "./progress_bar.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const written: string[] = [];
   * const line = new ProgressLine(false, (t) => written.push(t));
   * line.show("[#---] 1/2 a.ipynb");
   * line.note("a.ipynb: calificado");
   * assertEquals(written, ["a.ipynb: calificado\n"]);
   * ```
   */
  note(text: string): void {
    this.#write(this.#tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
    this.#last = "";
  }

  /** A line printed only without a terminal (where the bar says it already). */
  plain(text: string): void {
    if (!this.#tty) this.#write(`${text}\n`);
  }

  /** Clears the bar at the end. */
  finish(): void {
    if (this.#tty) this.#write("\r\x1b[2K");
  }
}
