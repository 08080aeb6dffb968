/**
 * Child processes with `Deno.Command`, shaped like the class's
 * `multiprocessing.Process` and `subprocess`: `spawnProcess` returns at once
 * (like `Popen`), `runProcess` waits for the end (like `subprocess.run`), and
 * the handle offers `pid`, `alive`, `join`, `terminate` (SIGTERM) and `kill`
 * (SIGKILL). Output is captured while the child runs, so a chatty child never
 * blocks on a full pipe.
 *
 * @module
 */

import { delay, withJoinTimeout } from "./timing.ts";

/** Why it exists: everything known about a child once it has ended. */
export interface ChildExit {
  /**
   * Exit code when the child exited by itself. A child ended by a signal has
   * no exit code (the wait status says WIFSIGNALED); Deno then fills in 128 +
   * the signal's number, the shell's `$?` convention — read `signal`.
   */
  code: number;
  /** The signal that ended it, or null when it exited by itself. */
  signal: Deno.Signal | null;
  /** True when it exited by itself with code 0. */
  success: boolean;
  /** Captured standard output ("" when not captured). */
  stdout: string;
  /** Captured standard error ("" when not captured). */
  stderr: string;
}

/** Options of {@linkcode spawnProcess} and {@linkcode runProcess}. */
export interface SpawnOptions {
  /** Capture stdout/stderr (default true); otherwise they are discarded. */
  captureOutput?: boolean;
  /** Give the child a stdin the parent can write to (default false). */
  pipeStdin?: boolean;
  /** Working directory of the child (default: this process's). */
  cwd?: string;
  /** Extra environment variables for the child (added to this process's). */
  env?: Record<string, string>;
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  onChunk: (text: string) => void,
): Promise<string> {
  let text = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    text += chunk;
    onChunk(chunk);
  }
  return text;
}

/**
 * Why it exists: one running (or finished) child and the operations the class
 * uses on it. Disposing it kills a child still alive and waits for the end.
 */
export class ChildHandle implements AsyncDisposable {
  /** The child's process id, as the OS numbers it. */
  readonly pid: number;
  #child: Deno.ChildProcess;
  #exit: ChildExit | null = null;
  readonly #ended: Promise<ChildExit>;
  #stdin: WritableStreamDefaultWriter<Uint8Array> | null = null;
  #stdoutSoFar = "";

  /**
   * Starts `program` with `args` at once (what {@linkcode spawnProcess} does).
   *
   * @param program The program to run (looked up in PATH).
   * @param args Its arguments.
   * @param options Output capture, stdin, cwd and environment.
   */
  constructor(
    /** The program this child runs. */
    readonly program: string,
    /** The arguments it was given. */
    readonly args: readonly string[],
    options: SpawnOptions = {},
  ) {
    const capture = options.captureOutput ?? true;
    this.#child = new Deno.Command(program, {
      args: [...args],
      cwd: options.cwd,
      env: options.env,
      stdin: options.pipeStdin ? "piped" : "null",
      stdout: capture ? "piped" : "null",
      stderr: capture ? "piped" : "null",
    }).spawn();
    this.pid = this.#child.pid;
    if (options.pipeStdin) this.#stdin = this.#child.stdin.getWriter();
    const out = capture
      ? collect(this.#child.stdout, (t) => this.#stdoutSoFar += t)
      : Promise.resolve("");
    const err = capture
      ? collect(this.#child.stderr, () => {})
      : Promise.resolve("");
    this.#ended = Promise.all([this.#child.status, out, err]).then(
      ([status, stdout, stderr]) => {
        this.#exit = { ...status, stdout, stderr };
        return this.#exit;
      },
    );
  }

  /** True until the child's end has been observed (Deno reaps it at once). */
  get alive(): boolean {
    return this.#exit === null;
  }

  /** The exit, once known; null while the child runs. */
  get exit(): ChildExit | null {
    return this.#exit;
  }

  /** What the child has printed so far (while it runs, and after). */
  get stdoutSoFar(): string {
    return this.#stdoutSoFar;
  }

  /**
   * Waits (bounded) until the child's output contains `text`; returns false
   * if the bound passed or the child ended without printing it.
   */
  async waitForOutput(text: string, timeoutMs = 10_000): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!this.#stdoutSoFar.includes(text)) {
      if (!this.alive || performance.now() >= deadline) {
        return this.#stdoutSoFar.includes(text);
      }
      await delay(5);
    }
    return true;
  }

  /** Writes text to the child's stdin (needs `pipeStdin`). */
  async write(text: string): Promise<void> {
    if (!this.#stdin) {
      throw new TypeError(
        "Este hijo se lanzó sin stdin por tubería (usa pipeStdin: true)",
      );
    }
    await this.#stdin.write(new TextEncoder().encode(text));
  }

  /** Closes the child's stdin, so it reads end-of-file. */
  async closeStdin(): Promise<void> {
    const writer = this.#stdin;
    this.#stdin = null;
    if (writer) await writer.close().catch(() => {});
  }

  /** Waits for the end (bounded); rejects with JoinTimeoutError after `timeoutMs`. */
  join(timeoutMs = 10_000): Promise<ChildExit> {
    if (this.#exit) return Promise.resolve(this.#exit);
    return withJoinTimeout(
      this.#ended,
      timeoutMs,
      `el proceso ${this.program} (pid ${this.pid})`,
    );
  }

  /** Sends a signal; returns false when the child had already ended. */
  signal(signal: Deno.Signal): boolean {
    if (!this.alive) return false;
    try {
      this.#child.kill(signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Asks the child to end (SIGTERM: it may clean up, or ignore it). */
  terminate(): boolean {
    return this.signal("SIGTERM");
  }

  /** Ends the child without asking (SIGKILL: cannot be caught). */
  kill(): boolean {
    return this.signal("SIGKILL");
  }

  /** Kills the child if it still runs, and waits for its end. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.closeStdin();
    this.kill();
    await this.#ended;
  }
}

/**
 * Starts a program and returns at once (like `subprocess.Popen`).
 *
 * @example A child that exits with code 3
 * ```ts
 * import { spawnProcess } from "./child.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using child = spawnProcess("sh", ["-c", "echo hola; exit 3"]);
 * const exit = await child.join();
 * assertEquals([exit.code, exit.signal, exit.stdout], [3, null, "hola\n"]);
 * assertEquals(child.alive, false);
 * ```
 */
export function spawnProcess(
  program: string,
  args: readonly string[] = [],
  options: SpawnOptions = {},
): ChildHandle {
  return new ChildHandle(program, args, options);
}

/**
 * Runs a program to completion (like `subprocess.run`), bounded in time: a
 * child still running after `timeoutMs` is killed and the call rejects.
 *
 * @example
 * ```ts
 * import { runProcess } from "./child.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const exit = await runProcess("echo", ["waku", "waku"]);
 * assertEquals(exit.stdout, "waku waku\n");
 * ```
 */
export async function runProcess(
  program: string,
  args: readonly string[] = [],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<ChildExit> {
  const child = new ChildHandle(program, args, options);
  try {
    return await child.join(options.timeoutMs ?? 10_000);
  } catch (error) {
    await child[Symbol.asyncDispose]();
    throw error;
  }
}

/**
 * Waits until a child's end has been observed or the bound passes; returns
 * whether it ended. Unlike `join` it never rejects (for `alive` polling).
 *
 * @example
 * ```ts
 * import { spawnProcess, waitUntilEnded } from "./child.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using child = spawnProcess("true");
 * assertEquals(await waitUntilEnded(child, 5000), true);
 * ```
 */
export async function waitUntilEnded(
  child: ChildHandle,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (child.alive && performance.now() < deadline) await delay(5);
  return !child.alive;
}
