/**
 * A connected stream socket read by busy polling: the byte resource under
 * the busy-poll TCP and Unix transports.
 *
 * A read first asks the kernel without waiting (`recv` with `MSG_DONTWAIT`)
 * and keeps asking for a short spin budget; a reply that arrives within it
 * is picked up without any thread going to sleep, so neither the kernel's
 * wake-up nor the event loop is on the path. Only after the budget does the
 * read sleep, in `poll` on a helper thread, in bounded slices, next to an
 * `eventfd` that `close()` signals so nothing waits for a closed socket.
 * The price is CPU: a waiting reader burns its core for up to the budget.
 * How long to spin, and how each wait's outcome moves the budget, is the
 * fast tier's one {@linkcode WaitPolicy} (numbers: `BUSY_POLL_WAIT`).
 *
 * @module
 */

import type { ReadWriteResource } from "../wire/framed.ts";
import { lastErrno } from "../ffi/libc.ts";
import {
  checkCall,
  SOCK,
  socketError,
  type SocketLibc,
} from "../ffi/socket.ts";
import { BUSY_POLL_WAIT, WaitPolicy } from "./wait_policy.ts";

/** Default spin budget before sleeping, in milliseconds. */
export const DEFAULT_BUSY_POLL_MS: number = BUSY_POLL_WAIT.maxSpinMs;

/**
 * A write at least this large that finds the socket full is handed whole to
 * a helper thread's blocking `send`, which the kernel paces as the reader
 * drains (as Python's `sendall` is paced): spinning on a full buffer only
 * fights the reader for the socket's lock.
 */
const SLEEPING_SEND_BYTES = 64 * 1024;

/** `recv`/`send` attempts per spin round. */
const ATTEMPTS_PER_ROUND = 4;

/**
 * Owns one socket descriptor and its wake-up `eventfd`. Exists because a
 * `Deno.Conn` cannot be read without the event loop; this one can, and it
 * speaks `Deno.Conn`'s read/write/closeWrite/close shape so the framing layer
 * does not know the difference.
 */
export class BusyPollSocket implements ReadWriteResource {
  readonly fd: number;
  readonly #libc: SocketLibc;
  readonly #release: () => void;
  readonly #wakeFd: number;
  readonly #policy: WaitPolicy;
  #closed = false;
  #released = false;
  #inFlight = 0;
  #allSettled: (() => void) | null = null;
  readonly #settled: Promise<void>;

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
    if (!(spinMs >= 0) || spinMs > 1000) {
      throw new RangeError(
        `Busy-poll spin must be between 0 and 1000 ms, not ${spinMs}`,
      );
    }
    this.#libc = libc;
    this.fd = fd;
    this.#policy = new WaitPolicy({ ...BUSY_POLL_WAIT, maxSpinMs: spinMs });
    this.#release = release;
    this.#wakeFd = checkCall(
      libc,
      "eventfd",
      libc.eventfd(0, SOCK.EFD_NONBLOCK | SOCK.EFD_CLOEXEC),
    );
    this.#settled = new Promise((resolve) => (this.#allSettled = resolve));
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Reads what has arrived (up to `buffer.length`); `null` at the peer's end. */
  read(buffer: Uint8Array): Promise<number | null> {
    try {
      const now = this.#tryRecv(buffer);
      if (now !== undefined) return Promise.resolve(now);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#retry(() => this.#tryRecv(buffer), SOCK.POLLIN);
  }

  /**
   * Retries `attempt` until it gives a value: spinning for the policy's
   * budget, then asleep in `poll`. Each spin round yields twice: to queued
   * microtasks (the framing layer's own flush, say the rest of a batch of
   * sends, runs on them) and to the kernel (`sched_yield`: when the peer
   * shares this core, spinning would only keep it from answering). How the
   * wait ended goes back to the policy, which sets the next budget.
   */
  async #retry<T>(attempt: () => T | undefined, events: number): Promise<T> {
    const policy = this.#policy;
    const started = performance.now();
    const budget = policy.next();
    if (budget > 0) {
      const deadline = started + budget;
      do {
        await null;
        for (let i = 0; i < ATTEMPTS_PER_ROUND; i++) {
          const got = attempt();
          if (got !== undefined) {
            policy.caught();
            return got;
          }
        }
        this.#libc.sched_yield();
      } while (performance.now() < deadline);
    }
    try {
      while (true) {
        await this.sleepUntil(events);
        const got = attempt();
        if (got !== undefined) return got;
      }
    } finally {
      policy.missed(performance.now() - started);
    }
  }

  /** A count or `null` (end), `undefined` if nothing is there yet. */
  #tryRecv(buffer: Uint8Array): number | null | undefined {
    if (this.#closed) throw new Deno.errors.BadResource("Socket is closed");
    if (buffer.length === 0) return 0;
    const n = Number(
      this.#libc.recv(
        this.fd,
        buffer,
        BigInt(buffer.length),
        SOCK.MSG_DONTWAIT,
      ),
    );
    if (n > 0) return n;
    if (n === 0) return null;
    const errno = lastErrno(this.#libc);
    if (errno === SOCK.EAGAIN || errno === SOCK.EINTR) return undefined;
    throw socketError(this.#libc, "recv", errno);
  }

  /**
   * Writes some of `bytes` (at least one byte). A full socket buffer is
   * waited out like a read: spin (the reader is usually draining it right
   * now), then sleep.
   */
  write(bytes: Uint8Array): Promise<number> {
    try {
      const now = this.#trySend(bytes);
      if (now !== undefined) return Promise.resolve(now);
    } catch (error) {
      return Promise.reject(error);
    }
    if (bytes.length >= SLEEPING_SEND_BYTES) return this.#sendSleeping(bytes);
    return this.#retry(() => this.#trySend(bytes), SOCK.POLLOUT);
  }

  async #sendSleeping(bytes: Uint8Array): Promise<number> {
    this.#inFlight++;
    let n: number;
    try {
      n = Number(
        await this.#libc.send_sleeping(
          this.fd,
          bytes,
          BigInt(bytes.length),
          SOCK.MSG_NOSIGNAL,
        ),
      );
    } finally {
      this.#inFlight--;
      if (this.#closed) this.#finishClose();
    }
    if (this.#closed) throw new Deno.errors.BadResource("Socket is closed");
    if (n > 0) return n;
    // The helper thread's errno is out of reach: try again here to learn it.
    const again = this.#trySend(bytes);
    return again ?? await this.#retry(() => this.#trySend(bytes), SOCK.POLLOUT);
  }

  #trySend(bytes: Uint8Array): number | undefined {
    if (this.#closed) throw new Deno.errors.BadResource("Socket is closed");
    if (bytes.length === 0) return 0;
    const n = Number(
      this.#libc.send(
        this.fd,
        bytes,
        BigInt(bytes.length),
        SOCK.MSG_DONTWAIT | SOCK.MSG_NOSIGNAL,
      ),
    );
    if (n >= 0) return n;
    const errno = lastErrno(this.#libc);
    if (errno === SOCK.EAGAIN || errno === SOCK.EINTR) return undefined;
    throw socketError(this.#libc, "send", errno);
  }

  /**
   * Sleeps in `poll` (one bounded slice) until the socket may be ready for
   * `events` or `close()` signals; throws `BadResource` once closed. Also
   * how the listener waits to accept and a connect waits to complete.
   * Returns the socket's `revents` (0 when the slice ran out).
   */
  async sleepUntil(events: number): Promise<number> {
    if (this.#closed) throw new Deno.errors.BadResource("Socket is closed");
    // One pollfd array per call: a read and a write may both be asleep.
    const fds = new Uint8Array(16);
    const view = new DataView(fds.buffer);
    view.setInt32(0, this.fd, true);
    view.setInt16(4, events, true);
    view.setInt32(8, this.#wakeFd, true);
    view.setInt16(12, SOCK.POLLIN, true);
    this.#inFlight++;
    try {
      await this.#libc.poll(fds, 2n, this.#policy.sleepSliceMs);
    } finally {
      this.#inFlight--;
      if (this.#closed) this.#finishClose();
    }
    if (this.#closed) throw new Deno.errors.BadResource("Socket is closed");
    return view.getInt16(6, true);
  }

  /** Half-close: the peer reads the end; this side can still read. */
  closeWrite(): Promise<void> {
    if (this.#closed) return Promise.resolve();
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
    if (this.#closed) return;
    this.#closed = true;
    // shutdown wakes a send asleep in the kernel; the eventfd wakes a poll.
    this.#libc.shutdown(this.fd, SOCK.SHUT_RDWR);
    const one = new Uint8Array(new BigUint64Array([1n]).buffer);
    this.#libc.write(this.#wakeFd, one, 8n);
    this.#finishClose();
  }

  /** Resolves once `close()` was called and the descriptors are closed. */
  whenClosed(): Promise<void> {
    return this.#settled;
  }

  #finishClose(): void {
    if (this.#inFlight > 0 || this.#released) return;
    this.#released = true;
    // Closed only now: a descriptor number reused while a poll still held
    // it would have that poll watch someone else's file.
    this.#libc.close(this.fd);
    this.#libc.close(this.#wakeFd);
    this.#release();
    this.#allSettled?.();
  }
}
