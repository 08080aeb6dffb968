/**
 * A pipe or FIFO pair read and written by busy polling: the byte resource
 * under the fast tier's child-process pipe and named pipes. The same wait as
 * the busy-poll sockets ({@linkcode FdWaiter}): a `read` that finds nothing
 * is retried for a short spin budget, then sleeps in `poll` on a helper
 * thread. Deno's own pipe and file reads each hop through a helper thread
 * or the event loop; these are plain `read`/`write` calls on non-blocking
 * descriptors, so a reply that arrives within the spin costs two system
 * calls and no wake-up.
 *
 * @module
 */

import { pollSliceHere, spinAttempts } from "./blocking_resource.ts";
import type { ReadWriteResource } from "../wire/byte_endpoints.ts";
import { lastErrno } from "../ffi/libc.ts";
import { FdWaiter } from "./fd_waiter.ts";
import { IoErrnoCheck } from "./io_errno.ts";
import { PIPE, pipeError, type PipeLibc } from "./pipe_libc.ts";

/**
 * Pipe capacity asked for (the kernel caps it at `/proc/sys/fs/pipe-max-size`,
 * 1 MiB by default): with the default 64 KiB a 1 MiB message crosses in 16
 * writes that each wait for the reader. The C baseline asks for the same.
 */
const PIPE_CAPACITY_BYTES = 1024 * 1024;

/**
 * Asks for a larger pipe buffer; a refusal (a user over the pipe quota) is
 * harmless.
 *
 * @example Not a pipe: nothing happens, nothing throws
 * ```ts
 * import { enlargePipe } from "./busy_poll_pipe.ts";
 * import { pipeLibc } from "./pipe_libc.ts";
 *
 * enlargePipe(pipeLibc.acquire(), -1);
 * pipeLibc.release();
 * ```
 */
export function enlargePipe(libc: PipeLibc, fd: number): void {
  libc.fcntl(fd, PIPE.F_SETPIPE_SZ, PIPE_CAPACITY_BYTES);
}

/**
 * Owns a read descriptor and a write descriptor (two pipes, one per
 * direction), both non-blocking. Exists because a `Deno.FsFile` or a child's
 * stdio stream cannot be read without a helper thread or the event loop;
 * this one can, and speaks the read/write/closeWrite/close shape so the
 * framing layer does not know the difference.
 *
 * @example Bytes through a pipe made of a FIFO's two ends
 * ```ts
 * import { BusyPollPipe } from "./busy_poll_pipe.ts";
 * import { cPath, PIPE, pipeLibc } from "./pipe_libc.ts";
 * import { makeFifo } from "../transports/fifo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * await makeFifo(`${dir}/f`);
 * const libc = pipeLibc.acquire();
 * const flags = PIPE.O_NONBLOCK | PIPE.O_CLOEXEC;
 * const readFd = libc.open(cPath(`${dir}/f`), PIPE.O_RDONLY | flags);
 * const writeFd = libc.open(cPath(`${dir}/f`), PIPE.O_WRONLY | flags);
 * const pipe = new BusyPollPipe(libc, readFd, writeFd, 0.1, () => pipeLibc.release());
 * assertEquals(await pipe.write(new Uint8Array([4, 2])), 2);
 * const got = new Uint8Array(8);
 * assertEquals(await pipe.read(got), 2);
 * await pipe.closeWrite();
 * assertEquals(await pipe.read(got), null);
 * pipe.close();
 * await pipe.whenClosed();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class BusyPollPipe implements ReadWriteResource {
  readonly #libc: PipeLibc;
  readonly #readFd: number;
  readonly #writeFd: number;
  readonly #waiter: FdWaiter;
  readonly #readErrno = new IoErrnoCheck(PIPE.EAGAIN, PIPE.EINTR);
  readonly #writeErrno = new IoErrnoCheck(PIPE.EAGAIN, PIPE.EINTR);
  #writeOpen = true;
  #writeClosed = false;
  readonly #afterCloseWrite?: () => void;
  /** Writes waiting for room (their `poll` may hold the write descriptor). */
  #writing = 0;

  /**
   * Takes ownership of `readFd` and `writeFd` (non-blocking). `close()`
   * closes them once no helper thread holds them, then calls `release`;
   * `afterCloseWrite` runs once the write descriptor is closed (to close
   * another descriptor of the same pipe, such as a child's own stdout).
   */
  constructor(
    libc: PipeLibc,
    readFd: number,
    writeFd: number,
    spinMs: number,
    release: () => void,
    afterCloseWrite?: () => void,
  ) {
    this.#libc = libc;
    this.#afterCloseWrite = afterCloseWrite;
    this.#readFd = readFd;
    this.#writeFd = writeFd;
    this.#waiter = new FdWaiter(libc, spinMs, () => {
      this.#closeWriteFd();
      libc.close(readFd);
      release();
    });
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#waiter.closed;
  }

  /** Reads what has arrived (up to `buffer.length`); `null` at the end. */
  read(buffer: Uint8Array): Promise<number | null> {
    const attempt = () => this.#tryRead(buffer);
    try {
      const now = attempt();
      if (now !== undefined) return Promise.resolve(now);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#waiter.retry(attempt, this.#readFd, PIPE.POLLIN);
  }

  /** A count or `null` (end), `undefined` if nothing is there yet. */
  #tryRead(buffer: Uint8Array): number | null | undefined {
    if (this.#waiter.closed) {
      throw new Deno.errors.BadResource("La tubería está cerrada");
    }
    if (buffer.length === 0) return 0;
    const n = Number(
      this.#libc.read(this.#readFd, buffer, BigInt(buffer.length)),
    );
    if (n > 0) {
      this.#readErrno.succeeded();
      return n;
    }
    if (n === 0) return null;
    const errno = lastErrno(this.#libc);
    if (this.#readErrno.tryAgain(errno)) return undefined;
    throw pipeError(this.#libc, "read", errno);
  }

  /**
   * Writes some of `bytes` (at least one byte). A full pipe is waited out
   * like a read: spin (the reader is usually draining it right now), then
   * sleep until it has room.
   */
  write(bytes: Uint8Array): Promise<number> {
    const attempt = () => this.#tryWrite(bytes);
    try {
      // Most writes find room: no async function, no extra microtask.
      const now = attempt();
      if (now !== undefined) return Promise.resolve(now);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#waitToWrite(attempt);
  }

  /** Writes what fits now (0 if the pipe is full); throws as `write` rejects. */
  writeNow(bytes: Uint8Array): number {
    return this.#tryWrite(bytes) ?? 0;
  }

  async #waitToWrite(attempt: () => number | undefined): Promise<number> {
    this.#writing++;
    try {
      return await this.#waiter.retry(attempt, this.#writeFd, PIPE.POLLOUT);
    } finally {
      this.#writing--;
      if (!this.#writeOpen) this.#closeWriteFd();
    }
  }

  #tryWrite(bytes: Uint8Array): number | undefined {
    if (this.#waiter.closed || !this.#writeOpen) {
      throw new Deno.errors.BadResource(
        "La tubería está cerrada para escritura",
      );
    }
    if (bytes.length === 0) return 0;
    const n = Number(
      this.#libc.write(this.#writeFd, bytes, BigInt(bytes.length)),
    );
    if (n >= 0) {
      this.#writeErrno.succeeded();
      return n;
    }
    const errno = lastErrno(this.#libc);
    if (this.#writeErrno.tryAgain(errno)) return undefined;
    throw pipeError(this.#libc, "write", errno);
  }

  /**
   * One read on this thread: non-blocking attempts for `spinMs` (a
   * `sched_yield` every few), then asleep in `poll` on this thread until
   * bytes or the end arrive, as C's spinning peer, for at most
   * `waitLimitMs` (default: no limit), then `Deno.errors.TimedOut`. Only for
   * a process whose one job is this pipe (a bench peer, or the bench itself
   * while it measures): nothing else in it runs meanwhile.
   */
  readBlocking(
    buffer: Uint8Array,
    spinMs: number,
    waitLimitMs = Infinity,
  ): number | null {
    const spun = spinAttempts(
      spinMs,
      () => this.#tryRead(buffer),
      () => this.#libc.sched_yield(),
    );
    if (spun !== undefined) return spun;
    const deadline = performance.now() + waitLimitMs;
    while (true) {
      const got = this.#tryRead(buffer);
      if (got !== undefined) return got;
      this.#pollHere(this.#readFd, PIPE.POLLIN, deadline, waitLimitMs);
    }
  }

  /**
   * Writes some of `bytes` on this thread, asleep in `poll` while the pipe
   * is full, for at most `waitLimitMs` (default: no limit).
   */
  writeBlocking(bytes: Uint8Array, waitLimitMs = Infinity): number {
    const deadline = performance.now() + waitLimitMs;
    while (true) {
      const sent = this.#tryWrite(bytes);
      if (sent !== undefined) return sent;
      this.#pollHere(this.#writeFd, PIPE.POLLOUT, deadline, waitLimitMs);
    }
  }

  /** One bounded `poll` slice on this thread (see `pollSliceHere`). */
  #pollHere(
    fd: number,
    events: number,
    deadline: number,
    waitLimitMs: number,
  ): void {
    const libc = this.#libc;
    pollSliceHere(
      (fds, count, timeoutMs) => libc.poll_here(fds, count, timeoutMs),
      fd,
      events,
      deadline,
      waitLimitMs,
      "La tubería no estuvo lista",
    );
  }

  /** Half-close: the peer reads the end; this side can still read. */
  closeWrite(): Promise<void> {
    this.#writeOpen = false;
    this.#closeWriteFd();
    return Promise.resolve();
  }

  /** Closes the write descriptor, unless a write still sleeps on it. */
  #closeWriteFd(): void {
    if (this.#writing > 0 || this.#writeClosed) return;
    this.#writeClosed = true;
    this.#libc.close(this.#writeFd);
    this.#afterCloseWrite?.();
  }

  /**
   * Closes both directions. A read or write asleep in `poll` is woken and
   * fails with `BadResource`; the descriptors are closed once no helper
   * thread still holds them (see {@linkcode BusyPollPipe.whenClosed}).
   */
  close(): void {
    this.#writeOpen = false;
    this.#waiter.close();
  }

  /** Resolves once `close()` was called and the descriptors are closed. */
  whenClosed(): Promise<void> {
    return this.#waiter.whenClosed();
  }
}
