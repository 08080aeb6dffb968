/**
 * The fast tier of the child-process pipe: the same two OS pipes as
 * `lib/transports/pipe.ts` (read that file for the concept), framed by
 * {@linkcode fastFramedDuplex} with reused buffers. Where FFI is allowed,
 * both sides read and write them by busy polling through libc
 * (`busy_poll_pipe.ts`, the same wait as the fast sockets); elsewhere the
 * child may read and write them with blocking calls. Chosen explicitly by
 * the benchmark and by programs that ask for speed.
 *
 * @module
 */

import {
  ChildPipe,
  parentStdio,
  type PipeChildOptions,
  startDenoProcess,
} from "../transports/pipe.ts";
import type { ReadWriteResource } from "../wire/framed.ts";
import { type FastFramedDuplex, fastFramedDuplex } from "./framed.ts";
import type { BusyPollPipe } from "./busy_poll_pipe.ts";
import { blockingPipeResource } from "./blocking_pipe.ts";
import { busyPollSpin, childStdioPipe, parentStdioPipe } from "./pipe_ends.ts";

/** How a fast pipe reads: a spin budget in ms (busy polling), or `false`. */
export interface FastPipeWaitOptions {
  /**
   * Spin budget of each read before it sleeps, in ms; `false` = Deno's own
   * pipe reads. 0 = libc reads and writes that never spin: one plain call,
   * and on `EAGAIN` asleep in `poll` at once (a wait in the operating
   * system's kernel without Deno's per-call stream or thread-pool
   * machinery; see `kernelWaitSpin`). Default: busy polling when FFI is
   * allowed on Linux (see `busyPollSpin`), else `false`.
   */
  busyPollMs?: number | false;
}

/** Whether a fast pipe's calls block the calling thread, and for how long. */
export interface FastBlockingOptions {
  /**
   * Read and write with libc calls that block this thread: each read spins
   * for `busyPollMs`, then sleeps in `poll` here, not on a helper thread, so
   * the data wakes this thread alone, as a C program's blocking `read`.
   * Nothing else in the process runs meanwhile (no timers, no other I/O):
   * only for a process whose one job is this pipe, such as the benchmark
   * while it measures. Needs FFI (default false).
   */
  blockingIo?: boolean;
  /**
   * With `blockingIo`, the longest one read or write sleeps before it fails
   * with `Deno.errors.TimedOut`, since no timer can interrupt it (default:
   * no limit, for a peer that ends when its parent does).
   */
  blockingWaitLimitMs?: number;
}

/** Options of {@linkcode spawnDenoChildFast}. */
export interface FastPipeChildOptions
  extends PipeChildOptions, FastPipeWaitOptions, FastBlockingOptions {
  /**
   * A received message is a view valid only until the next `receive()`, and
   * the write buffer is reused: for loops that finish with each message
   * before asking for the next, such as the benchmark (default false).
   */
  reuseBuffers?: boolean;
}

/**
 * {@linkcode ChildPipe} as `spawnDenoChild` makes it, framed by the fast tier.
 *
 * @example A fast echo child, reusing buffers on both sides
 * ```ts
 * import { spawnDenoChildFast } from "./pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const program = `
 *   import { parentPipeDuplexFast } from "${new URL("./pipe.ts", import.meta.url)}";
 *   import { echoUntilClosed } from "${new URL("../wire/echo.ts", import.meta.url)}";
 *   const parent = parentPipeDuplexFast({ reuseBuffers: true, blockingStdio: true });
 *   await echoUntilClosed(parent);
 *   await parent.close();`;
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/echo.ts`, program);
 * try {
 *   await using child = spawnDenoChildFast(new URL(`file://${dir}/echo.ts`), {
 *     reuseBuffers: true,
 *   });
 *   await child.send(new Uint8Array([7, 8, 9]));
 *   assertEquals([...(await child.receive())!], [7, 8, 9]);
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export function spawnDenoChildFast(
  entry: URL,
  options: FastPipeChildOptions = {},
): FastChildPipe {
  const process = startDenoProcess(entry, options);
  const framing = {
    maxFrameBytes: options.maxFrameBytes,
    reuseBuffers: options.reuseBuffers,
  };
  const spin = busyPollSpin(options.busyPollMs);
  let pipe: BusyPollPipe | null = null;
  if (spin !== false) {
    try {
      pipe = childStdioPipe({ stdinOf: process, stdoutOf: process }, spin);
    } catch (error) {
      // Asked for explicitly: say why it cannot be had. By default, fall back.
      if (options.busyPollMs !== undefined || options.blockingIo) {
        process.kill("SIGKILL");
        throw error;
      }
    }
  }
  if (pipe === null && options.blockingIo) {
    process.kill("SIGKILL");
    throw new TypeError(
      "Las llamadas bloqueantes (blockingIo) necesitan libc por FFI: busyPollMs no puede ser false",
    );
  }
  const framed = pipe === null
    ? fastFramedDuplex(
      { readable: process.stdout, writable: process.stdin },
      framing,
    )
    : framedPipe(
      pipe,
      framing,
      options.blockingIo ? spin as number : undefined,
      options.blockingWaitLimitMs,
    );
  return new FastChildPipe(process, { ...options, framed });
}

/**
 * A {@linkcode ChildPipe} framed by the fast tier, which can also write one
 * frame in one call, now (see `FastFramedDuplex.sendNow`): what the
 * benchmark's one-call-per-message rows use on libc pipes.
 *
 * @example A frame written now, echoed back
 * ```ts
 * import { spawnDenoChildFast } from "./pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const program = `
 *   import { parentPipeDuplexFast } from "${new URL("./pipe.ts", import.meta.url)}";
 *   const parent = parentPipeDuplexFast({ blockingStdio: true });
 *   await parent.send((await parent.receive())!);
 *   await parent.close();`;
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/echo.ts`, program);
 * try {
 *   await using child = spawnDenoChildFast(new URL(`file://${dir}/echo.ts`), {
 *     busyPollMs: 0,
 *   });
 *   await child.sendNow(new Uint8Array([4, 2]));
 *   assertEquals([...(await child.receive())!], [4, 2]);
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export class FastChildPipe extends ChildPipe {
  readonly #fast: FastFramedDuplex;

  /** Prefer {@linkcode spawnDenoChildFast}. */
  constructor(
    process: Deno.ChildProcess,
    options: PipeChildOptions & { framed: FastFramedDuplex },
  ) {
    super(process, options);
    this.#fast = options.framed;
  }

  /**
   * One frame in one write, now, or `null` where that cannot be (Deno's own
   * pipe streams, a write already under way): then `send`.
   */
  sendNow(message: Uint8Array): Promise<void> | null {
    return this.#fast.sendNow(message);
  }
}

/**
 * Frames a busy-poll pipe (its calls on this thread after a spin of
 * `blockingSpinMs`, if given); closing waits until libc let go of it.
 */
function framedPipe(
  pipe: BusyPollPipe,
  framing: { maxFrameBytes?: number; reuseBuffers?: boolean },
  blockingSpinMs?: number,
  waitLimitMs?: number,
): FastFramedDuplex {
  const resource = blockingSpinMs === undefined
    ? pipe
    : blockingPipeResource(pipe, blockingSpinMs, waitLimitMs);
  return fastFramedDuplex(resource, {
    ...framing,
    onClose: () => pipe.whenClosed(),
  });
}

/** Options of {@linkcode parentPipeDuplexFast}. */
export interface FastParentPipeOptions extends FastPipeWaitOptions {
  /** As in {@linkcode FastPipeChildOptions} (default false). */
  reuseBuffers?: boolean;
  /**
   * Read stdin and write stdout with calls that block this thread: with
   * busy polling, each read spins for the budget, then sleeps in `poll` here
   * (not on a helper thread); without it (`busyPollMs: false`, or FFI not
   * allowed), `readSync`/`writeSync` instead of Deno's async file
   * operations. Each async stdio operation goes
   * through a helper thread (measured: ~100 µs per echo against ~35 µs
   * blocking), so a child that does nothing but answer its parent — an echo,
   * a bench peer, a task loop — should say so here. While it waits for the
   * parent, nothing else in the child runs (no timers, no other I/O), so
   * leave it off in a child that must do two things at once (default false).
   */
  blockingStdio?: boolean;
  /** Largest incoming message accepted (default 16 MiB). */
  maxFrameBytes?: number;
}

/**
 * Stdin and stdout read and written with blocking calls. The framing calls
 * them from async functions, so a throwing call still becomes a rejection.
 */
function blockingParentStdio(): ReadWriteResource {
  const stdio = parentStdio();
  return {
    read: (buffer) => Promise.resolve(Deno.stdin.readSync(buffer)),
    write: (bytes) => Promise.resolve(Deno.stdout.writeSync(bytes)),
    close: () => stdio.close(),
  };
}

/**
 * Inside a child: `parentPipeDuplex` framed by the fast tier. As there,
 * stdout carries frames, so the child logs with `console.error`.
 *
 * @example Used by a child program (see {@linkcode spawnDenoChildFast}'s example)
 * ```ts
 * import { spawnDenoChildFast } from "./pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const program = `
 *   import { parentPipeDuplexFast } from "${new URL("./pipe.ts", import.meta.url)}";
 *   const parent = parentPipeDuplexFast({ blockingStdio: true });
 *   const message = await parent.receive();
 *   await parent.send(message!.reverse());
 *   await parent.close();`;
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/reverse.ts`, program);
 * try {
 *   await using child = spawnDenoChildFast(new URL(`file://${dir}/reverse.ts`));
 *   await child.send(new Uint8Array([1, 2, 3]));
 *   assertEquals([...(await child.receive())!], [3, 2, 1]);
 *   assertEquals(await child.receive(), null);
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export function parentPipeDuplexFast(
  options: FastParentPipeOptions = {},
): FastFramedDuplex {
  const framing = {
    maxFrameBytes: options.maxFrameBytes,
    reuseBuffers: options.reuseBuffers,
  };
  const spin = busyPollSpin(options.busyPollMs);
  if (spin !== false) {
    try {
      return framedPipe(
        parentStdioPipe(spin),
        framing,
        options.blockingStdio ? spin : undefined,
      );
    } catch (error) {
      // Asked for explicitly: say why it cannot be had. By default, fall back.
      if (options.busyPollMs !== undefined) throw error;
    }
  }
  const stdio = options.blockingStdio ? blockingParentStdio() : parentStdio();
  return fastFramedDuplex(stdio, framing);
}
