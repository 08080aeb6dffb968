/**
 * A child process's stdin and stdout as a framed {@linkcode MessageDuplex}:
 * two anonymous OS pipes, one per direction, what a shell's `|` and Python's
 * `subprocess.PIPE` give (and `multiprocessing.Pipe()` between processes).
 *
 * Parent side: {@linkcode spawnDenoChild} (a Deno module) or
 * {@linkcode spawnPipeChild} (any program speaking 4-byte length-prefixed
 * frames, e.g. the class's Python). Each gives a {@linkcode ChildPipe}: the
 * duplex plus the process's handle (a `SpawnedPeer`, as the worker pool
 * needs).
 * Child side: {@linkcode parentPipeDuplex}. Its stdout carries frames, so a
 * child logs with `console.error`: a stray `console.log` line would be read
 * by the parent as a frame prefix.
 *
 * Nothing here is tuned: `lib/fast/pipe.ts` frames the same pipes (from
 * {@linkcode startDenoProcess}, {@linkcode parentStdio}) for the benchmark.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import {
  type FramedDuplex,
  framedDuplex,
  type ReadWriteResource,
} from "../wire/framed.ts";
import { deadline, WaitTimeoutError } from "../util/deadline.ts";
export type { PeerExit, SpawnedPeer } from "./spawned_peer.ts";

/** Options of {@linkcode spawnPipeChild} and {@linkcode spawnDenoChild}. */
export interface PipeChildOptions {
  /** Only for a Deno child: `deno run` permission flags (default none). */
  permissionFlags?: string[];
  /** Arguments after the program (or after the Deno entry file). */
  args?: string[];
  /** Where the child's stderr goes (default "inherit": the terminal). */
  stderr?: "inherit" | "null";
  /** How long `close()` waits for a clean exit before SIGKILL (default 3 s). */
  exitTimeoutMs?: number;
  /** Working directory of the child. */
  cwd?: string;
  /** Largest incoming message accepted (default 16 MiB). */
  maxFrameBytes?: number;
}

/**
 * A running child and the duplex over its stdio. Exists so that a process is
 * a peer like any socket, and so that closing it never leaves a zombie:
 * `close()` ends stdin, waits a bounded time for the exit, then kills.
 * It is its own duplex: `duplex` is this same object, so it serves wherever
 * a `SpawnedPeer` (`lib/transports/spawned_peer.ts`) is expected.
 */
export class ChildPipe implements MessageDuplex {
  #process: Deno.ChildProcess;
  #framed: FramedDuplex;
  #exitTimeoutMs: number;
  #closing: Promise<void> | null = null;

  /**
   * Prefer {@linkcode spawnPipeChild}. `framed` frames the process's stdio
   * (default: the teaching framing; `lib/fast/pipe.ts` passes its own).
   */
  constructor(
    process: Deno.ChildProcess,
    options: PipeChildOptions & { framed?: FramedDuplex } = {},
  ) {
    this.#process = process;
    this.#exitTimeoutMs = options.exitTimeoutMs ?? 3000;
    this.#framed = options.framed ?? framedDuplex(
      { readable: process.stdout, writable: process.stdin },
      { maxFrameBytes: options.maxFrameBytes },
    );
  }

  /** This object, as the spawned peer's channel. */
  get duplex(): MessageDuplex {
    return this;
  }

  /** The child's process id. */
  get pid(): number {
    return this.#process.pid;
  }

  /** Resolves with the exit status once the child has ended. */
  get exited(): Promise<Deno.CommandStatus> {
    return this.#process.status;
  }

  /** The same as `exited` (the name `Deno.ChildProcess` uses). */
  get status(): Promise<Deno.CommandStatus> {
    return this.#process.status;
  }

  /** Sends one framed message into the child's stdin. */
  send(message: Uint8Array): Promise<void> {
    return this.#framed.send(message);
  }

  /** The next framed message from the child's stdout; `null` at its end. */
  receive(): Promise<Uint8Array | null> {
    return this.#framed.receive();
  }

  /** Closes the child's stdin (its "no more tasks"); replies still arrive. */
  closeWrite(): Promise<void> {
    return this.#framed.closeWrite();
  }

  /** Sends a signal (default SIGKILL); the duplex then ends or fails. */
  kill(signal: Deno.Signal = "SIGKILL"): void {
    // A child that already exited throws TypeError: no error for us here.
    try {
      this.#process.kill(signal);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
  }

  /** Ends stdin, waits (bounded) for the exit, kills if needed. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#closeOnce();
    return this.#closing;
  }

  async #closeOnce(): Promise<void> {
    await this.#framed.closeWrite().catch(() => {});
    let exited = true;
    try {
      await deadline(
        this.#process.status,
        this.#exitTimeoutMs,
        "el proceso hijo",
      );
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      exited = false;
    }
    // Closing stdout first frees a child blocked writing to a full pipe.
    await this.#framed.close();
    if (!exited) this.kill("SIGKILL");
    await this.#process.status;
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Starts `program` with its stdin and stdout as pipes to this process. */
function startPipedProcess(
  program: string,
  options: PipeChildOptions,
): Deno.ChildProcess {
  if (typeof program !== "string" || program.length === 0) {
    throw new TypeError("El programa debe ser un texto no vacío");
  }
  return new Deno.Command(program, {
    args: options.args ?? [],
    cwd: options.cwd,
    stdin: "piped",
    stdout: "piped",
    stderr: options.stderr ?? "inherit",
  }).spawn();
}

/**
 * Starts a Deno module with piped stdin and stdout, the kit's import map, no
 * prompts and only the permissions asked for: the bytes, before any framing
 * (both tiers frame these two pipes).
 *
 * @example The echo child sends a frame's bytes back unchanged
 * ```ts
 * import { startDenoProcess } from "./pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const child = startDenoProcess(new URL("./children/echo_child.ts", import.meta.url));
 * const frame = new Uint8Array([0, 0, 0, 2, 4, 2]); // prefix: 2 bytes
 * await ReadableStream.from([frame]).pipeTo(child.stdin);
 * assertEquals(await new Response(child.stdout).bytes(), frame);
 * assertEquals((await child.status).code, 0);
 * ```
 */
export function startDenoProcess(
  entry: URL,
  options: PipeChildOptions = {},
): Deno.ChildProcess {
  if (!(entry instanceof URL)) {
    throw new TypeError(
      "La entrada del proceso hijo debe ser una URL (resuélvela con import.meta.url)",
    );
  }
  const config = new URL("../../deno.json", import.meta.url).pathname;
  const run = ["run", "--quiet", "--no-prompt", `--config=${config}`];
  const flags = options.permissionFlags ?? [];
  return startPipedProcess(Deno.execPath(), {
    ...options,
    args: [...run, ...flags, entry.href, ...(options.args ?? [])],
  });
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
  return new ChildPipe(startPipedProcess(program, options), options);
}

/**
 * Starts a Deno module as a child process (no permissions beyond what
 * `permissionFlags` grants), with the kit's import map.
 *
 * @example A Deno child that echoes frames, then is killed through its handle
 * ```ts
 * import { spawnDenoChild } from "./pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using child = spawnDenoChild(
 *   new URL("./children/echo_child.ts", import.meta.url),
 * );
 * await child.send(new Uint8Array([4, 2]));
 * assertEquals([...(await child.receive())!], [4, 2]);
 * child.kill();
 * assertEquals((await child.exited).signal, "SIGKILL");
 * ```
 */
export function spawnDenoChild(
  entry: URL,
  options: PipeChildOptions = {},
): ChildPipe {
  return new ChildPipe(startDenoProcess(entry, options), options);
}

/**
 * Inside a child: this process's stdin and stdout as one read/write
 * resource, before any framing. Closing it closes both.
 *
 * @example A child writes one frame by hand: prefix 2, then "hi"
 * ```ts
 * import { spawnPipeChild } from "./pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const program = `
 *   import { parentStdio } from "${new URL("./pipe.ts", import.meta.url)}";
 *   await parentStdio().write(new Uint8Array([0, 0, 0, 2, 104, 105]));`;
 * await using child = spawnPipeChild(Deno.execPath(), { args: ["eval", program] });
 * assertEquals(new TextDecoder().decode((await child.receive())!), "hi");
 * ```
 */
export function parentStdio(): ReadWriteResource {
  return {
    read: (buffer) => Deno.stdin.read(buffer),
    write: (bytes) => Deno.stdout.write(bytes),
    close() {
      Deno.stdin.close();
      Deno.stdout.close();
    },
  };
}

/**
 * Inside a child: the framed duplex towards the parent over stdin/stdout.
 * Stdout carries frames from here on, so the child logs with
 * `console.error`; `console.log` would corrupt the stream.
 *
 * @example The kit's upper-case child answers through `parentPipeDuplex()`
 * ```ts
 * import { spawnDenoChild } from "./pipe.ts";
 * import { pipeChildEntry } from "./pipe_children.ts";
 * import { assertEquals } from "@std/assert";
 *
 * // children/upper_child.ts: const parent = parentPipeDuplex(); ...
 * await using child = spawnDenoChild(pipeChildEntry("upper"));
 * await child.send(new TextEncoder().encode("hola"));
 * assertEquals(new TextDecoder().decode((await child.receive())!), "H: HOLA");
 * ```
 */
export function parentPipeDuplex(
  options: { maxFrameBytes?: number } = {},
): FramedDuplex {
  return framedDuplex(parentStdio(), { maxFrameBytes: options.maxFrameBytes });
}
