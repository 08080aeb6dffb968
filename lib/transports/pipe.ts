/**
 * A child process's stdin and stdout as a framed {@linkcode MessageDuplex}:
 * two anonymous OS pipes, one per direction, exactly what a shell's `|` and
 * Python's `subprocess.PIPE` give (and what `multiprocessing.Pipe()` uses
 * under the hood between processes).
 *
 * Parent side: {@linkcode spawnDenoChild} (a Deno module as the child) or
 * {@linkcode spawnPipeChild} (any program that speaks 4-byte length-prefixed
 * frames on stdio, e.g. the class's Python). Child side:
 * {@linkcode parentPipeDuplex}. Because stdout now carries frames, a child
 * must log to stderr: `parentPipeDuplex` redirects `console.log` there.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import {
  type FramedDuplex,
  framedDuplex,
  type FramedDuplexOptions,
} from "../wire/framed.ts";

/** Options of {@linkcode spawnPipeChild} and {@linkcode spawnDenoChild}. */
export interface PipeChildOptions extends FramedDuplexOptions {
  /** Arguments after the program (or after the Deno entry file). */
  args?: string[];
  /** Where the child's stderr goes (default "inherit": the terminal). */
  stderr?: "inherit" | "null";
  /** How long `close()` waits for a clean exit before SIGKILL (default 3 s). */
  exitTimeoutMs?: number;
  /** Working directory of the child. */
  cwd?: string;
}

/**
 * A running child and the duplex over its stdio. Exists so that a process is
 * a peer like any socket, and so that closing it never leaves a zombie:
 * `close()` ends stdin, waits a bounded time for the exit, then kills.
 */
export class ChildPipe implements MessageDuplex {
  #process: Deno.ChildProcess;
  #duplex: FramedDuplex;
  #exitTimeoutMs: number;
  #closing: Promise<void> | null = null;

  /** Prefer {@linkcode spawnPipeChild}. */
  constructor(process: Deno.ChildProcess, options: PipeChildOptions = {}) {
    this.#process = process;
    this.#exitTimeoutMs = options.exitTimeoutMs ?? 3000;
    this.#duplex = framedDuplex(
      { readable: process.stdout, writable: process.stdin },
      options,
    );
  }

  /** The child's process id. */
  get pid(): number {
    return this.#process.pid;
  }

  /** Resolves with the exit status once the child has ended. */
  get status(): Promise<Deno.CommandStatus> {
    return this.#process.status;
  }

  /** Sends one framed message into the child's stdin. */
  send(message: Uint8Array): Promise<void> {
    return this.#duplex.send(message);
  }

  /** The next framed message from the child's stdout; `null` at its end. */
  receive(): Promise<Uint8Array | null> {
    return this.#duplex.receive();
  }

  /** Closes the child's stdin (its "no more tasks"); replies still arrive. */
  closeWrite(): Promise<void> {
    return this.#duplex.closeWrite();
  }

  /** Sends a signal (default SIGTERM); the duplex then ends or fails. */
  kill(signal: Deno.Signal = "SIGTERM"): void {
    try {
      this.#process.kill(signal);
    } catch (error) {
      // Already exited: killing a finished child is not an error here.
      if (!(error instanceof TypeError)) throw error;
    }
  }

  /** Ends stdin, waits (bounded) for the exit, kills if needed. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#closeOnce();
    return this.#closing;
  }

  async #closeOnce(): Promise<void> {
    await this.#duplex.closeWrite().catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([
      this.#process.status.then(() => true),
      new Promise<false>((resolve) =>
        timer = setTimeout(() => resolve(false), this.#exitTimeoutMs)
      ),
    ]);
    clearTimeout(timer);
    await this.#duplex.close();
    if (!exited) this.kill("SIGKILL");
    await this.#process.status;
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Starts any program with framed stdio.
 *
 * @example `cat` echoes frames back unchanged (it just copies bytes)
 * ```ts
 * import { spawnPipeChild } from "./pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using cat = spawnPipeChild("cat");
 * await cat.send(new TextEncoder().encode("hola"));
 * assertEquals(new TextDecoder().decode((await cat.receive())!), "hola");
 * ```
 */
export function spawnPipeChild(
  program: string,
  options: PipeChildOptions = {},
): ChildPipe {
  if (typeof program !== "string" || program.length === 0) {
    throw new TypeError("Program must be a non-empty string");
  }
  const process = new Deno.Command(program, {
    args: options.args ?? [],
    cwd: options.cwd,
    stdin: "piped",
    stdout: "piped",
    stderr: options.stderr ?? "inherit",
  }).spawn();
  return new ChildPipe(process, options);
}

/**
 * Starts a Deno module as a child process (no permissions beyond what
 * `permissionFlags` grants), with the kit's import map.
 *
 * @example A Deno child that echoes frames
 * ```ts
 * import { spawnDenoChild } from "./pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using child = spawnDenoChild(
 *   new URL("./children/echo_child.ts", import.meta.url),
 * );
 * await child.send(new Uint8Array([4, 2]));
 * assertEquals([...(await child.receive())!], [4, 2]);
 * ```
 */
export function spawnDenoChild(
  entry: URL,
  options: PipeChildOptions & { permissionFlags?: string[] } = {},
): ChildPipe {
  if (!(entry instanceof URL)) {
    throw new TypeError(
      "Child entry must be a URL (resolve it with import.meta.url)",
    );
  }
  const config = new URL("../../deno.json", import.meta.url);
  return spawnPipeChild(Deno.execPath(), {
    ...options,
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${config.pathname}`,
      ...(options.permissionFlags ?? []),
      entry.href,
      ...(options.args ?? []),
    ],
  });
}

/** Options of {@linkcode parentPipeDuplex}. */
export interface ParentPipeOptions extends FramedDuplexOptions {
  /**
   * Read stdin and write stdout with blocking calls (`readSync`/`writeSync`)
   * instead of Deno's async file operations. Each async stdio operation goes
   * through a helper thread (measured: ~100 µs per echo against ~35 µs
   * blocking), so a child that does nothing but answer its parent — an echo,
   * a bench peer, a task loop — should say so here. While it waits for the
   * parent, nothing else in the child runs (no timers, no other I/O), so
   * leave it off in a child that must do two things at once (default false).
   */
  blockingStdio?: boolean;
}

/**
 * Inside a child: the framed duplex towards the parent over stdin/stdout.
 * From here on `console.log` writes to stderr, so it cannot corrupt frames.
 *
 * @example Called only in a child program (here: just the type)
 * ```ts
 * import { parentPipeDuplex } from "./pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(typeof parentPipeDuplex, "function");
 * ```
 */
export function parentPipeDuplex(
  options: ParentPipeOptions = {},
): FramedDuplex {
  console.log = console.error;
  const { blockingStdio, ...framing } = options;
  const close = () => {
    Deno.stdin.close();
    Deno.stdout.close();
  };
  if (blockingStdio) {
    return framedDuplex({
      // The framed source and sink call these from async functions, so a
      // throwing call still surfaces as a rejection.
      read: (buffer) => Promise.resolve(Deno.stdin.readSync(buffer)),
      write: (bytes) => Promise.resolve(Deno.stdout.writeSync(bytes)),
      close,
    }, framing);
  }
  return framedDuplex({
    read: (buffer) => Deno.stdin.read(buffer),
    write: (bytes) => Deno.stdout.write(bytes),
    close,
  }, framing);
}
