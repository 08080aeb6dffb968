/**
 * A connected stream socket read by busy polling: the byte resource under
 * the busy-poll TCP and Unix transports.
 *
 * A read first asks the kernel without waiting (`recv` with `MSG_DONTWAIT`)
 * and keeps asking for a short spin budget; a reply that arrives within it
 * is picked up without any thread going to sleep, so neither the kernel's
 * wake-up nor the event loop is on the path. Only after the budget does the
 * read sleep, in `poll` on a helper thread, in bounded slices, next to an
 * `eventfd` that `close()` signals so nothing waits for a closed socket
 * (that loop is `fd_waiter.ts`'s, shared with the busy-poll pipes).
 * The price is CPU: a waiting reader burns its core for up to the budget.
 * How long to spin, and how each wait's outcome moves the budget, is the
 * fast tier's one `WaitPolicy` (numbers: `BUSY_POLL_WAIT`).
 *
 * @module
 */

import {
  checkBlockingWait,
  pollSliceHere,
  spinAttempts,
} from "./blocking_resource.ts";
import type { ReadWriteResource } from "../wire/framed.ts";
import { lastErrno } from "../ffi/libc.ts";
import { SOCK, socketError, type SocketLibc } from "../ffi/socket.ts";
import { BUSY_POLL_WAIT } from "./wait_policy.ts";
import { FdWaiter } from "./fd_waiter.ts";
import { IoErrnoCheck } from "./io_errno.ts";

/** Default spin budget before sleeping, in milliseconds. */
export const DEFAULT_BUSY_POLL_MS: number = BUSY_POLL_WAIT.maxSpinMs;

/**
 * A write at least this large that finds the socket full is handed whole to
 * a helper thread's blocking `send`, which the kernel paces as the reader
 * drains (as Python's `sendall` is paced): spinning on a full buffer only
 * fights the reader for the socket's lock.
 */
const SLEEPING_SEND_BYTES = 64 * 1024;

/**
 * Owns one socket descriptor and its wake-up `eventfd`. Exists because a
 * `Deno.Conn` cannot be read without the event loop; this one can, and it
 * speaks `Deno.Conn`'s read/write/closeWrite/close shape so the framing layer
 * does not know the difference.
 */
export class BusyPollSocket implements ReadWriteResource {
  readonly fd: number;
  readonly #libc: SocketLibc;
  readonly #waiter: FdWaiter;
  readonly #recvErrno = new IoErrnoCheck(SOCK.EAGAIN, SOCK.EINTR);
  readonly #sendErrno = new IoErrnoCheck(SOCK.EAGAIN, SOCK.EINTR);

  /**
   * Takes ownership of a connected socket `fd` in blocking mode (every quick
   * attempt passes `MSG_DONTWAIT`; only a helper thread's send may block).
   * `close()` closes it and calls `release` (the binding reference).
   */
  constructor(
    libc: SocketLibc,
    fd: number,
    spinMs: number,
    release: () => void,
  ) {
    this.#libc = libc;
    this.fd = fd;
    // Closed only once no helper thread holds it: a descriptor number reused
    // while a poll still held it would have that poll watch someone else's file.
    this.#waiter = new FdWaiter(libc, spinMs, () => {
      libc.close(fd);
      release();
    });
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#waiter.closed;
  }

  /** Reads what has arrived (up to `buffer.length`); `null` at the peer's end. */
  read(buffer: Uint8Array): Promise<number | null> {
    const attempt = () => this.#tryRecv(buffer);
    try {
      const now = attempt();
      if (now !== undefined) return Promise.resolve(now);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#waiter.retry(attempt, this.fd, SOCK.POLLIN);
  }

  /** A count or `null` (end), `undefined` if nothing is there yet. */
  #tryRecv(
    buffer: Uint8Array,
    flags: number = SOCK.MSG_DONTWAIT,
  ): number | null | undefined {
    if (this.closed) {
      throw new Deno.errors.BadResource("El socket está cerrado");
    }
    if (buffer.length === 0) return 0;
    const n = Number(
      this.#libc.recv(
        this.fd,
        buffer,
        BigInt(buffer.length),
        flags,
      ),
    );
    if (n > 0) {
      this.#recvErrno.succeeded();
      return n;
    }
    if (n === 0) return null;
    const errno = lastErrno(this.#libc);
    if (this.#recvErrno.tryAgain(errno)) return undefined;
    throw socketError(this.#libc, "recv", errno);
  }

  /**
   * Writes some of `bytes` (at least one byte). A full socket buffer is
   * waited out like a read: spin (the reader is usually draining it right
   * now), then sleep.
   */
  /** Sends what fits now (0 if the buffer is full); throws as `write` rejects. */
  writeNow(bytes: Uint8Array): number {
    return this.#trySend(bytes) ?? 0;
  }

  write(bytes: Uint8Array): Promise<number> {
    const attempt = () => this.#trySend(bytes);
    try {
      const now = attempt();
      if (now !== undefined) return Promise.resolve(now);
    } catch (error) {
      return Promise.reject(error);
    }
    if (bytes.length >= SLEEPING_SEND_BYTES) return this.#sendSleeping(bytes);
    return this.#waiter.retry(attempt, this.fd, SOCK.POLLOUT);
  }

  async #sendSleeping(bytes: Uint8Array): Promise<number> {
    const n = Number(
      await this.#waiter.hold(
        this.#libc.send_sleeping(
          this.fd,
          bytes,
          BigInt(bytes.length),
          SOCK.MSG_NOSIGNAL,
        ),
      ),
    );
    if (this.closed) {
      throw new Deno.errors.BadResource("El socket está cerrado");
    }
    if (n > 0) return n;
    // The helper thread's errno is out of reach: try again here to learn it.
    const attempt = () => this.#trySend(bytes);
    return attempt() ??
      await this.#waiter.retry(attempt, this.fd, SOCK.POLLOUT);
  }

  #trySend(
    bytes: Uint8Array,
    flags: number = SOCK.MSG_DONTWAIT | SOCK.MSG_NOSIGNAL,
  ): number | undefined {
    if (this.closed) {
      throw new Deno.errors.BadResource("El socket está cerrado");
    }
    if (bytes.length === 0) return 0;
    const n = Number(
      this.#libc.send(
        this.fd,
        bytes,
        BigInt(bytes.length),
        flags,
      ),
    );
    if (n >= 0) {
      this.#sendErrno.succeeded();
      return n;
    }
    const errno = lastErrno(this.#libc);
    if (this.#sendErrno.tryAgain(errno)) return undefined;
    throw socketError(this.#libc, "send", errno);
  }

  /**
   * One blocking `recv` on this thread: asleep in the kernel until bytes or
   * the end arrive (`null`). With `spinMs`, non-blocking attempts come
   * first for that long (a `sched_yield` every few), as C's spinning peer
   * does: a batch that arrives within it costs no wake-up. With a finite
   * `waitLimitMs` it sleeps in `poll` on this thread instead (one system
   * call more per wait) and gives up with `Deno.errors.TimedOut` once the
   * limit has passed. Only for a process whose one job is this socket (a
   * bench peer, or the bench while it measures): nothing else in it runs
   * meanwhile.
   */
  readBlocking(
    buffer: Uint8Array,
    spinMs = 0,
    waitLimitMs = Infinity,
  ): number | null {
    checkBlockingWait(0, waitLimitMs);
    const spun = spinAttempts(
      spinMs,
      () => this.#tryRecv(buffer),
      () => this.#libc.sched_yield(),
    );
    if (spun !== undefined) return spun;
    if (waitLimitMs === Infinity) {
      while (true) {
        const got = this.#tryRecv(buffer, 0);
        if (got !== undefined) return got;
      }
    }
    const deadline = performance.now() + waitLimitMs;
    while (true) {
      const got = this.#tryRecv(buffer);
      if (got !== undefined) return got;
      this.#pollHere(SOCK.POLLIN, deadline, waitLimitMs);
    }
  }

  /**
   * One blocking `send` on this thread (some of `bytes`, at least one byte),
   * asleep in the kernel while the socket buffer is full, for at most
   * `waitLimitMs` (then `Deno.errors.TimedOut`); as
   * {@linkcode BusyPollSocket.readBlocking}, only for a dedicated process.
   */
  writeBlocking(bytes: Uint8Array, waitLimitMs = Infinity): number {
    checkBlockingWait(0, waitLimitMs);
    if (waitLimitMs === Infinity) {
      while (true) {
        const sent = this.#trySend(bytes, SOCK.MSG_NOSIGNAL);
        if (sent !== undefined) return sent;
      }
    }
    const deadline = performance.now() + waitLimitMs;
    while (true) {
      const sent = this.#trySend(bytes);
      if (sent !== undefined) return sent;
      this.#pollHere(SOCK.POLLOUT, deadline, waitLimitMs);
    }
  }

  /** One bounded `poll` slice on this thread (see `pollSliceHere`). */
  #pollHere(events: number, deadline: number, waitLimitMs: number): void {
    const libc = this.#libc;
    pollSliceHere(
      (fds, count, timeoutMs) => libc.poll_here(fds, count, timeoutMs),
      this.fd,
      events,
      deadline,
      waitLimitMs,
      "El socket no estuvo listo",
    );
  }

  /**
   * Sleeps in `poll` (one bounded slice) until the socket may be ready for
   * `events` or `close()` signals; throws `BadResource` once closed. How
   * the listener waits to accept and a connect waits to complete. Returns
   * the socket's `revents` (0 when the slice ran out).
   */
  sleepUntil(events: number): Promise<number> {
    return this.#waiter.sleepUntil(this.fd, events);
  }

  /** Half-close: the peer reads the end; this side can still read. */
  closeWrite(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const result = this.#libc.shutdown(this.fd, SOCK.SHUT_WR);
    if (result < 0) {
      return Promise.reject(
        socketError(this.#libc, "shutdown", lastErrno(this.#libc)),
      );
    }
    return Promise.resolve();
  }

  /**
   * Closes the socket. A read or write asleep in `poll` is woken and fails
   * with `BadResource`; the descriptors are closed once no helper thread
   * still holds them (see {@linkcode BusyPollSocket.whenClosed}).
   */
  close(): void {
    if (this.closed) return;
    // shutdown wakes a send asleep in the kernel; the waiter wakes a poll.
    this.#libc.shutdown(this.fd, SOCK.SHUT_RDWR);
    this.#waiter.close();
  }

  /** Resolves once `close()` was called and the descriptors are closed. */
  whenClosed(): Promise<void> {
    return this.#waiter.whenClosed();
  }
}
