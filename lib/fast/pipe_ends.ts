/**
 * Where the descriptors of a {@linkcode BusyPollPipe} come from. Deno never
 * shows the descriptor behind a child's stdio stream or a `Deno.FsFile`, so
 * the fast tier opens its own, on the same pipes:
 *
 * - a child's stdin and stdout: `/proc/PID/fd/0` and `/proc/PID/fd/1` (on
 *   Linux, opening a pipe's `/proc` entry gives a new descriptor of that same
 *   pipe, as opening a FIFO does); Deno's own ends are then closed, so the
 *   child still reads the end of its input when this side closes;
 * - a child's view of its parent: `/proc/self/fd/0` and `/proc/self/fd/1`,
 *   only when both are pipes (never a terminal);
 * - two FIFOs: opened as the teaching tier opens them (both at once, each
 *   bounded), on helper threads, then switched to non-blocking.
 *
 * Needs `--allow-ffi`; Linux only.
 *
 * @module
 */

import { deadline, WaitTimeoutError } from "../util/deadline.ts";
import { lastErrno } from "../ffi/libc.ts";
import { BusyPollPipe, enlargePipe } from "./busy_poll_pipe.ts";
import { DEFAULT_BUSY_POLL_MS } from "./busy_poll_socket.ts";
import {
  checkPipeCall,
  cPath,
  PIPE,
  pipeError,
  type PipeLibc,
  pipeLibc,
} from "./pipe_libc.ts";

/** `fcntl` command answering a pipe's capacity, and an error for anything else. */
const F_GETPIPE_SZ = 1032;

const NONBLOCKING = PIPE.O_NONBLOCK | PIPE.O_CLOEXEC;

/** Opens `path` non-blocking, or throws the typed error. */
function openNow(libc: PipeLibc, path: string, access: number): number {
  return checkPipeCall(
    libc,
    `open ${path}`,
    libc.open(cPath(path), access | NONBLOCKING),
  );
}

/** Runs `open` with the binding acquired; on failure closes what opened. */
function withEnds(
  build: (libc: PipeLibc, opened: number[]) => BusyPollPipe,
): BusyPollPipe {
  const libc = pipeLibc.acquire();
  const opened: number[] = [];
  try {
    return build(libc, opened);
  } catch (error) {
    for (const fd of opened) libc.close(fd);
    pipeLibc.release();
    throw error;
  }
}

/**
 * A busy-poll pipe writing into `stdinOf`'s stdin and reading `stdoutOf`'s
 * stdout (the same child, or two, as a relay test needs). Both must have
 * been spawned with `"piped"`; their streams are released here.
 *
 * @example A round trip through `cat`
 * ```ts
 * import { childStdioPipe } from "./pipe_ends.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const cat = new Deno.Command("cat", { stdin: "piped", stdout: "piped" }).spawn();
 * const pipe = childStdioPipe({ stdinOf: cat, stdoutOf: cat }, 0.1);
 * await pipe.write(new Uint8Array([1, 2, 3]));
 * const got = new Uint8Array(8);
 * assertEquals(await pipe.read(got), 3);
 * await pipe.closeWrite();
 * assertEquals(await pipe.read(got), null);
 * pipe.close();
 * await pipe.whenClosed();
 * assertEquals((await cat.status).code, 0);
 * ```
 */
export function childStdioPipe(
  ends: { stdinOf: Deno.ChildProcess; stdoutOf: Deno.ChildProcess },
  spinMs: number,
): BusyPollPipe {
  const { stdinOf, stdoutOf } = ends;
  const pipe = withEnds((libc, opened) => {
    const writeFd = openNow(libc, `/proc/${stdinOf.pid}/fd/0`, PIPE.O_WRONLY);
    opened.push(writeFd);
    const readFd = openNow(libc, `/proc/${stdoutOf.pid}/fd/1`, PIPE.O_RDONLY);
    opened.push(readFd);
    enlargePipe(libc, writeFd);
    enlargePipe(libc, readFd);
    return new BusyPollPipe(
      libc,
      readFd,
      writeFd,
      spinMs,
      () => pipeLibc.release(),
    );
  });
  // Deno's ends go now: its write end open would keep the child from ever
  // reading the end of its input. Both settle at once (nothing is queued).
  void stdinOf.stdin.close().catch(() => {});
  void stdoutOf.stdout.cancel().catch(() => {});
  return pipe;
}

/**
 * Inside a child whose stdin and stdout are pipes: a busy-poll pipe reading
 * stdin and writing stdout. Throws `TypeError` if either is not a pipe (a
 * terminal, a file). `closeWrite()` also closes `Deno.stdout` (the parent
 * reads the end), `close()` both of Deno's stdio ends.
 *
 * @example Not a pipe: the test runner's stdin is not one here
 * ```ts
 * import { parentStdioPipe } from "./pipe_ends.ts";
 * import { assertThrows } from "@std/assert";
 *
 * const stdinIsPipe = Deno.statSync("/proc/self/fd/0").isFifo;
 * const stdoutIsPipe = Deno.statSync("/proc/self/fd/1").isFifo;
 * if (!stdinIsPipe || !stdoutIsPipe) {
 *   assertThrows(() => parentStdioPipe(0.1), TypeError);
 * }
 * ```
 */
export function parentStdioPipe(spinMs: number): BusyPollPipe {
  return withEnds((libc, opened) => {
    const ends: number[] = [];
    for (const [fd, access] of [[0, PIPE.O_RDONLY], [1, PIPE.O_WRONLY]]) {
      // Checked on the descriptor itself: only a pipe answers its capacity.
      if (libc.fcntl(fd, F_GETPIPE_SZ, 0) < 0) {
        throw new TypeError(
          `El descriptor ${fd} de este proceso no es una tubería (pipe)`,
        );
      }
      const end = openNow(libc, `/proc/self/fd/${fd}`, access);
      opened.push(end);
      ends.push(end);
    }
    enlargePipe(libc, ends[1]);
    const closeStd = (file: { close(): void }) => {
      try {
        file.close();
      } catch {
        // Already closed by the program itself.
      }
    };
    return new BusyPollPipe(libc, ends[0], ends[1], spinMs, () => {
      closeStd(Deno.stdin);
      closeStd(Deno.stdout);
      pipeLibc.release();
    }, () => closeStd(Deno.stdout));
  });
}

/**
 * Opens one end of a FIFO on a helper thread (the open sleeps until the
 * other side opens), at most `timeoutMs`; then makes it non-blocking.
 */
async function openFifoEnd(
  libc: PipeLibc,
  path: string,
  access: number,
  timeoutMs: number,
): Promise<number> {
  const encoded = cPath(path);
  const opening = libc.open_sleeping(encoded, access | PIPE.O_CLOEXEC);
  let fd: number;
  try {
    fd = await deadline(opening, timeoutMs, `el otro extremo de ${path}`);
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    // Release the sleeping open: a read-write open never sleeps on Linux
    // and counts as the missing other side. Then close both and report.
    const releaser = libc.open(encoded, PIPE.O_RDWR | NONBLOCKING);
    const late = await opening;
    if (late >= 0) libc.close(late);
    if (releaser >= 0) libc.close(releaser);
    throw error;
  }
  if (fd < 0) {
    // The helper thread's errno is out of reach: a read-write open (which
    // never sleeps) fails the same way for a missing path or a permission.
    const probe = libc.open(encoded, PIPE.O_RDWR | NONBLOCKING);
    if (probe < 0) throw pipeError(libc, `open ${path}`, lastErrno(libc));
    libc.close(probe);
    throw new Error(`open ${path} falló`);
  }
  const flags = libc.fcntl(fd, PIPE.F_GETFL, 0);
  if (flags < 0 || libc.fcntl(fd, PIPE.F_SETFL, flags | PIPE.O_NONBLOCK) < 0) {
    const error = pipeError(libc, "fcntl", lastErrno(libc));
    libc.close(fd);
    throw error;
  }
  return fd;
}

/**
 * A busy-poll pipe over two FIFOs: reads `readPath`, writes `writePath`.
 * Both opens run at once, so two sides cannot deadlock on open order, and
 * each waits at most `timeoutMs` (`WaitTimeoutError`, nothing left open).
 *
 * @example Nobody at the other end
 * ```ts
 * import { openFifoPipe } from "./pipe_ends.ts";
 * import { createFifoPair } from "../transports/fifo.ts";
 * import { WaitTimeoutError } from "../util/deadline.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await using fifos = await createFifoPair();
 * await assertRejects(
 *   () => openFifoPipe(fifos.requests, fifos.replies, 30, 0.1),
 *   WaitTimeoutError,
 * );
 * ```
 */
export async function openFifoPipe(
  readPath: string,
  writePath: string,
  timeoutMs: number,
  spinMs: number,
): Promise<BusyPollPipe> {
  const libc = pipeLibc.acquire();
  const [reading, writing] = await Promise.allSettled([
    openFifoEnd(libc, readPath, PIPE.O_RDONLY, timeoutMs),
    openFifoEnd(libc, writePath, PIPE.O_WRONLY, timeoutMs),
  ]);
  if (reading.status === "rejected" || writing.status === "rejected") {
    if (reading.status === "fulfilled") libc.close(reading.value);
    if (writing.status === "fulfilled") libc.close(writing.value);
    pipeLibc.release();
    throw reading.status === "rejected"
      ? reading.reason
      : (writing as PromiseRejectedResult).reason;
  }
  // Both directions: the peer's replies cross in one write too, whatever
  // way the peer reads and writes them.
  enlargePipe(libc, writing.value);
  enlargePipe(libc, reading.value);
  try {
    return new BusyPollPipe(
      libc,
      reading.value,
      writing.value,
      spinMs,
      () => pipeLibc.release(),
    );
  } catch (error) {
    libc.close(reading.value);
    libc.close(writing.value);
    pipeLibc.release();
    throw error;
  }
}

/**
 * The spin budget a fast pipe or FIFO uses when its caller did not choose:
 * busy polling ({@linkcode DEFAULT_BUSY_POLL_MS}) where it can run — Linux,
 * with `--allow-ffi` granted — else `false` (Deno's own reads).
 *
 * @example An explicit choice always wins
 * ```ts
 * import { busyPollSpin } from "./pipe_ends.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(busyPollSpin(false), false);
 * assertEquals(busyPollSpin(0.05), 0.05);
 * ```
 */
export function busyPollSpin(requested?: number | false): number | false {
  if (requested !== undefined) return requested;
  if (Deno.build.os !== "linux") return false;
  const ffi = Deno.permissions.querySync({ name: "ffi" });
  return ffi.state === "granted" ? DEFAULT_BUSY_POLL_MS : false;
}

/**
 * The spin budget of a fast pipe or FIFO that waits in the operating
 * system's kernel: 0 on the kit's libc ends where they can run (Linux, with
 * `--allow-ffi` granted), else `false` (Deno's own reads). With 0 a read or
 * write is one plain `read`/`write` on a non-blocking descriptor; when it
 * finds nothing (`EAGAIN`) it sleeps in `poll` on a helper thread at once,
 * never spinning: the same wait as a blocking call, minus Deno's per-call
 * stream or thread-pool machinery.
 *
 * @example Either libc ends that never spin, or Deno's own reads
 * ```ts
 * import { kernelWaitSpin } from "./pipe_ends.ts";
 * import { assert } from "@std/assert";
 *
 * const spin = kernelWaitSpin();
 * assert(spin === 0 || spin === false);
 * ```
 */
export function kernelWaitSpin(): 0 | false {
  return busyPollSpin() === false ? false : 0;
}
