/**
 * Runs one workspace's notebook through `grade_runner.py` (nbclient and the
 * real Deno kernel) and returns what happened to each cell. The Python side
 * bounds each cell and the student's cells together; this side bounds the
 * whole run once more, so even a runner that wedges cannot hang the grader.
 *
 * @module
 */

import { jupyterPython } from "../tools/execute_notebook.ts";
import type { Workspace } from "./workspace.ts";

/** What happened to one code cell. */
export type CellStatus =
  | "ok"
  | "error"
  | "timeout-interrupted"
  | "timeout-restarted"
  | "kernel-died"
  | "skipped-notebook-timeout"
  | "not-run-kernel-lost"
  /** A grader cell skipped because the exercise's own cell did not finish. */
  | "not-run-source-unfinished";

/** One executed (or skipped) code cell. */
export interface GradedCell {
  index: number;
  id: string;
  /** One of the cells the grader appended. */
  grader: boolean;
  status: CellStatus;
  /** The time bound the cell ran under (`null` when it did not run). */
  boundSeconds?: number | null;
  /** `Name: message` of the cell's error output, if any. */
  error: string | null;
  /** The cell's text and Markdown outputs (cut at 4000 characters). */
  text: string;
}

/** The runner's report. */
export interface RunnerReport {
  seconds: number;
  /** Why the run could not happen or stopped (kernel never started…). */
  failure: string | null;
  /** Kernel restarts after a cell that did not answer or a dead kernel. */
  restarts: number;
  cells: GradedCell[];
}

/** Time bounds of a grading run, in seconds. */
export interface RunBounds {
  /** One student cell. */
  cellSeconds: number;
  /** All the student's cells together. */
  notebookSeconds: number;
  /** One grader cell (visible and hidden checks of one exercise). */
  graderCellSeconds: number;
}

/** The defaults: generous for the course's slowest cells on a loaded machine. */
export const DEFAULT_BOUNDS: RunBounds = {
  cellSeconds: 120,
  notebookSeconds: 900,
  graderCellSeconds: 120,
};

const RUNNER = new URL("./grade_runner.py", import.meta.url);
/** Kernel start-up and restarts, on top of the cells' own bounds. */
const SLACK_SECONDS = 300;

/** Reads progress lines (`progreso done total`) as they arrive. */
async function watchProgress(
  stream: ReadableStream<Uint8Array>,
  onProgress: (done: number, total: number) => void,
): Promise<string> {
  let tail = "";
  let pending = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const m = line.match(/^progreso (\d+) (\d+)$/);
      if (m) onProgress(Number(m[1]), Number(m[2]));
      else tail = (tail + line + "\n").slice(-4000);
    }
  }
  return tail + pending;
}

/**
 * Runs the workspace's notebook. Never throws for what the notebook does; a
 * runner that fails or overruns is reported in `failure`.
 */
export async function runWorkspace(
  workspace: Workspace,
  bounds: RunBounds,
  options: {
    /** The instructor's hidden checks folder, copied in before the grader's cells. */
    hiddenFrom?: string | null;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<RunnerReport> {
  const job = `${workspace.root}/.calificador/trabajo.json`;
  await Deno.writeTextFile(
    job,
    JSON.stringify({
      notebook: workspace.notebook,
      cellSeconds: bounds.cellSeconds,
      notebookSeconds: bounds.notebookSeconds,
      graderCellSeconds: bounds.graderCellSeconds,
      graderCells: workspace.graderCells,
      graderSources: workspace.graderSources,
      hidden: options.hiddenFrom
        ? { from: options.hiddenFrom, to: workspace.hiddenDir }
        : null,
    }),
  );
  const child = new Deno.Command(jupyterPython(), {
    args: [RUNNER.pathname, job],
    env: {
      KIT_PROGRESS_FILE: workspace.progressFile,
      DENO_NO_UPDATE_CHECK: "1",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const outerMs = 1000 * (bounds.notebookSeconds + bounds.cellSeconds +
    workspace.graderCells * (bounds.graderCellSeconds + 15) + SLACK_SECONDS);
  let overran = false;
  let kill: ReturnType<typeof setTimeout> | undefined;
  const stop = setTimeout(() => {
    overran = true;
    // SIGTERM lets nbclient shut its kernel down; SIGKILL if it does not go.
    child.kill("SIGTERM");
    kill = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 10_000);
  }, outerMs);
  try {
    const [stdout, stderr, status] = await Promise.all([
      new Response(child.stdout).text(),
      watchProgress(child.stderr, options.onProgress ?? (() => {})),
      child.status,
    ]);
    if (overran) {
      return {
        seconds: outerMs / 1000,
        failure: `la ejecución superó el límite total de ${
          outerMs / 1000
        } s y se detuvo`,
        restarts: 0,
        cells: [],
      };
    }
    try {
      return JSON.parse(stdout) as RunnerReport;
    } catch {
      return {
        seconds: 0,
        failure: `el ejecutor terminó con código ${status.code} sin informe: ${
          stderr.trim().slice(-500)
        }`,
        restarts: 0,
        cells: [],
      };
    }
  } finally {
    clearTimeout(stop);
    clearTimeout(kill);
  }
}
