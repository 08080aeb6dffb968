/**
 * The IPC chapter's shell demo of a named pipe, run for real in a private
 * temp dir: `ls -l | wc -l`, then `mkfifo pipe`, `ls -l pipe` (file type
 * `p`), `ls -l > pipe` (which hangs) and `wc -l < pipe` (which releases it).
 *
 * The redirections are done by `sh`, as in the chapter, with fixed scripts:
 * the FIFO's name reaches the shell as an argument (`"$1"`), never spliced
 * into the script. While the writer hangs, `/proc/<pid>` says where: the
 * process is still `sh` (so `ls` has not even started) and sleeps inside
 * `open()` (its `wchan`, when the kernel exposes it, is `wait_for_partner`,
 * Linux's wait for a FIFO's other end). Every wait is bounded.
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";
import { runPipeline } from "./pipeline.ts";

/** What the demo saw. */
export interface FifoShellDemo {
  /** Names created in the demo directory before `mkfifo`. */
  files: string[];
  /** What `ls -l | wc -l` printed (as a number) before `mkfifo`. */
  pipeCount: number;
  /** The line `ls -l pipe` printed (starts with `p`: a FIFO). */
  fifoLine: string;
  /** The writer (`sh -c 'exec ls -l > pipe'`) while nobody reads, after `waitedMs`. */
  blocked: {
    /** Whether it was still running. */
    running: boolean;
    /** Its command name from `/proc/<pid>/comm` (`sh`: `ls` never started). */
    comm: string | null;
    /** Its state letter from `/proc/<pid>/stat` (`S`: asleep). */
    state: string | null;
    /** Where it sleeps in the OS kernel (`/proc/<pid>/wchan`), if exposed. */
    wchan: string | null;
  };
  /** How long the writer was left alone, in ms. */
  waitedMs: number;
  /** What `wc -l < pipe` printed (as a number). */
  fifoCount: number;
  /** Exit codes of the writer and the reader. */
  codes: { writer: number; reader: number };
}

const decoder = new TextDecoder();

async function procField(pid: number, file: string): Promise<string | null> {
  try {
    return (await Deno.readTextFile(`/proc/${pid}/${file}`)).trim();
  } catch {
    return null; // not Linux, or the process already ended
  }
}

/** The state letter: the field after the `(comm)` of /proc/<pid>/stat. */
function stateOf(stat: string | null): string | null {
  if (stat === null) return null;
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? null;
}

function count(text: string): number {
  const n = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(n)) {
    throw new TypeError(`wc -l imprimió ${JSON.stringify(text)}`);
  }
  return n;
}

/**
 * Runs the chapter's shell demo in a fresh private directory holding
 * `files` (a hidden one included, to show `ls` skips it), then removes it.
 *
 * @example The FIFO is a `p` file and adds one line to the count
 * ```ts
 * import { runFifoShellDemo } from "./fifo_shell.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const demo = await runFifoShellDemo({ waitMs: 100 });
 * assert(demo.fifoLine.startsWith("p"));
 * assert(demo.blocked.running);
 * assertEquals(demo.fifoCount, demo.pipeCount + 1);
 * ```
 */
export async function runFifoShellDemo(options: {
  /** Files to create first (default two visible and one hidden). */
  files?: readonly string[];
  /** How long the writer is left without a reader (default 300 ms). */
  waitMs?: number;
  /** Bound on every step (default 10 s). */
  timeoutMs?: number;
} = {}): Promise<FifoShellDemo> {
  const files = [...(options.files ?? ["notas.txt", "informe.txt", ".oculto"])];
  if (
    files.some((f) => !/^[.\w-]+$/.test(f) || f === "pipe" || /^\.+$/.test(f))
  ) {
    throw new TypeError(
      `Los archivos deben tener nombres simples, distintos de «pipe»`,
    );
  }
  const waitMs = options.waitMs ?? 300;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const dir = await Deno.makeTempDir({ prefix: "kit-mkfifo-" });
  const started: Deno.ChildProcess[] = [];
  let readerOutput: Promise<unknown> | null = null;
  try {
    for (const f of files) await Deno.writeTextFile(`${dir}/${f}`, "x\n");
    const listed = await runPipeline(
      [{ command: "ls", args: ["-l"] }, { command: "wc", args: ["-l"] }],
      { cwd: dir, timeoutMs },
    );
    const made = await new Deno.Command("mkfifo", { args: ["pipe"], cwd: dir })
      .output();
    if (!made.success) throw new Deno.errors.PermissionDenied("mkfifo falló");
    const fifoLine = decoder.decode(
      (await new Deno.Command("ls", { args: ["-l", "pipe"], cwd: dir })
        .output()).stdout,
    ).trim();
    const shell = (script: string, stdout: "piped" | "null") => {
      const child = new Deno.Command("sh", {
        args: ["-c", script, "sh", "pipe"],
        cwd: dir,
        stdin: "null",
        stdout,
        stderr: "null",
      }).spawn();
      started.push(child);
      return child;
    };
    const writer = shell('exec ls -l > "$1"', "null");
    let writerEnded = false;
    const writerStatus = writer.status.then((s) => {
      writerEnded = true;
      return s;
    });
    await new Promise((r) => setTimeout(r, waitMs));
    const blocked = {
      running: !writerEnded,
      comm: await procField(writer.pid, "comm"),
      state: stateOf(await procField(writer.pid, "stat")),
      wchan: await procField(writer.pid, "wchan"),
    };
    if (blocked.wchan === "0" || blocked.wchan === "") blocked.wchan = null;
    const reader = shell('exec wc -l < "$1"', "piped");
    const output = reader.output();
    readerOutput = output;
    const [out, writerDone] = await deadline(
      Promise.all([output, writerStatus]),
      timeoutMs,
      "el escritor y el lector del FIFO",
    );
    return {
      files,
      pipeCount: count(listed.stdout),
      fifoLine,
      blocked,
      waitedMs: waitMs,
      fifoCount: count(decoder.decode(out.stdout)),
      codes: { writer: writerDone.code, reader: out.code },
    };
  } finally {
    for (const child of started) {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already finished.
      }
      await child.status;
    }
    // Killed on a timeout: its output then ends, and is dropped.
    await readerOutput?.catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
}
