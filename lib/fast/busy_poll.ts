/**
 * The lifecycle of the busy-poll sockets the kit opens through libc: open,
 * bind and listen, accept, connect with a bound, tune. What comes out is a
 * connected {@linkcode BusyPollSocket} (`busy_poll_socket.ts` reads and
 * writes it); `sockets.ts` frames it into the fast tier's duplexes.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { isLostBeforeAccept } from "../transports/listener.ts";
import { delay } from "@std/async/delay";
import { DuplexClosedError } from "../wire/errors.ts";
import { BusyPollSocket } from "./busy_poll_socket.ts";
import {
  boundPort,
  checkCall,
  encodeSockaddr,
  pendingError,
  setIntOption,
  SOCK,
  socketError,
  type SocketLibc,
  socketLibc,
} from "../ffi/socket.ts";
import { lastErrno } from "../ffi/libc.ts";

/** Where a busy-poll socket listens or connects. */
export type BusyPollAddress =
  | { transport: "tcp"; hostname: string; port: number }
  | { transport: "unix"; path: string };

/** A listening busy-poll socket; each accepted connection is a {@linkcode BusyPollSocket}. */
export interface BusyPollListener<A extends Deno.NetAddr | Deno.UnixAddr>
  extends Disposable {
  readonly addr: A;
  /** The next connection; after `close()` rejects with `DuplexClosedError`. */
  accept(): Promise<BusyPollSocket>;
  /** Stops listening (accepted sockets are not affected). Idempotent. */
  close(): void;
}

/** Options of {@linkcode connectBusyPoll}. */
export interface ConnectBusyPollOptions {
  /** Spin budget of each read before it sleeps, in ms (0 = never spin). */
  spinMs: number;
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
}

/** Connections the kernel queues before `accept`. */
const BACKLOG = 128;

/**
 * Send buffer asked for on Unix sockets (the kernel caps it at
 * `net.core.wmem_max`): the default ~200 KiB splits a 1 MiB message into
 * several sends that each wait for the reader; with 2 MiB it goes in one.
 * TCP tunes its own buffers.
 */
const UNIX_SEND_BUFFER_BYTES = 2 * 1024 * 1024;

/** Socket options every connected busy-poll socket gets. */
function tuneConnected(
  libc: SocketLibc,
  fd: number,
  transport: "tcp" | "unix",
): void {
  if (transport === "tcp") {
    setIntOption(libc, fd, SOCK.IPPROTO_TCP, SOCK.TCP_NODELAY, 1);
  } else {
    setIntOption(
      libc,
      fd,
      SOCK.SOL_SOCKET,
      SOCK.SO_SNDBUF,
      UNIX_SEND_BUFFER_BYTES,
    );
  }
}

/** Opens a non-blocking stream socket wrapped for sleeping and closing. */
function openSocket(
  transport: "tcp" | "unix",
  spinMs: number,
): { libc: SocketLibc; socket: BusyPollSocket } {
  const libc = socketLibc.acquire();
  const fd = libc.socket(
    transport === "tcp" ? SOCK.AF_INET : SOCK.AF_UNIX,
    SOCK.SOCK_STREAM | SOCK.SOCK_NONBLOCK | SOCK.SOCK_CLOEXEC,
    0,
  );
  if (fd < 0) {
    const error = socketError(libc, "socket", lastErrno(libc));
    socketLibc.release();
    throw error;
  }
  try {
    return {
      libc,
      socket: new BusyPollSocket(libc, fd, spinMs, () => socketLibc.release()),
    };
  } catch (error) {
    libc.close(fd);
    socketLibc.release();
    throw error;
  }
}

/**
 * Listens on a socket the kit opened through libc; accepted connections
 * busy-poll with the same spin budget.
 *
 * @example One byte through a busy-poll Unix socket
 * ```ts
 * import { connectBusyPoll, listenBusyPoll } from "./busy_poll.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const address = { transport: "unix" as const, path: `${dir}/s.sock` };
 * using listener = listenBusyPoll(address, 0.1);
 * const accepted = listener.accept();
 * const client = await connectBusyPoll(address, { spinMs: 0.1 });
 * const server = await accepted;
 * assertEquals(await client.write(new Uint8Array([7])), 1);
 * const got = new Uint8Array(4);
 * assertEquals(await server.read(got), 1);
 * assertEquals(got[0], 7);
 * client.close();
 * server.close();
 * await Promise.all([client.whenClosed(), server.whenClosed()]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function listenBusyPoll<A extends Deno.NetAddr | Deno.UnixAddr>(
  address: BusyPollAddress,
  spinMs: number,
  onListenerClose?: () => void,
): BusyPollListener<A> {
  const { libc, socket } = openSocket(address.transport, spinMs);
  let addr: Deno.NetAddr | Deno.UnixAddr;
  try {
    if (address.transport === "tcp") {
      setIntOption(libc, socket.fd, SOCK.SOL_SOCKET, SOCK.SO_REUSEADDR, 1);
    }
    const encoded = encodeSockaddr(address);
    checkCall(libc, "bind", libc.bind(socket.fd, encoded, encoded.length));
    checkCall(libc, "listen", libc.listen(socket.fd, BACKLOG));
    addr = address.transport === "tcp"
      ? {
        transport: "tcp",
        hostname: address.hostname,
        port: boundPort(libc, socket.fd),
      }
      : { transport: "unix", path: address.path };
  } catch (error) {
    socket.close();
    throw error;
  }
  return {
    addr: addr as A,
    async accept() {
      while (true) {
        if (socket.closed) throw new DuplexClosedError("accept");
        // The listener is non-blocking; the connection is not (see adopt).
        const fd = libc.accept4(socket.fd, null, null, SOCK.SOCK_CLOEXEC);
        if (fd >= 0) return adopt(libc, fd, address, spinMs);
        const errno = lastErrno(libc);
        const error = socketError(libc, "accept", errno);
        // A connection reset before it was accepted is that connection's
        // failure, not the listener's (accept(2): retry): take the next one.
        if (isLostBeforeAccept(error)) continue;
        if (errno !== SOCK.EAGAIN && errno !== SOCK.EINTR) throw error;
        try {
          await socket.sleepUntil(SOCK.POLLIN);
        } catch (error) {
          if (socket.closed) throw new DuplexClosedError("accept");
          throw error;
        }
      }
    },
    close() {
      if (socket.closed) return;
      socket.close();
      onListenerClose?.();
    },
    [Symbol.dispose]() {
      this.close();
    },
  };
}

/** Pause between attempts to connect to a Unix listener whose backlog is full. */
const FULL_BACKLOG_RETRY_MS = 1;

/**
 * Connects a non-blocking socket within `timeoutMs`. TCP answers
 * `EINPROGRESS` and finishes the handshake in the background (`POLLOUT`,
 * then `SO_ERROR` says how it went); a Unix socket whose listener's backlog
 * is full answers `EAGAIN` and must be asked again.
 */
async function establish(
  libc: SocketLibc,
  socket: BusyPollSocket,
  address: Uint8Array,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const timedOut = () =>
    new Deno.errors.TimedOut(
      `La conexión tardó más de ${formatNumber(timeoutMs)} ms`,
    );
  while (libc.connect(socket.fd, address, address.length) < 0) {
    const errno = lastErrno(libc);
    if (errno === SOCK.EAGAIN) {
      if (performance.now() > deadline) throw timedOut();
      await delay(FULL_BACKLOG_RETRY_MS);
      continue;
    }
    if (errno !== SOCK.EINPROGRESS) throw socketError(libc, "connect", errno);
    while ((await socket.sleepUntil(SOCK.POLLOUT)) === 0) {
      if (performance.now() > deadline) throw timedOut();
    }
    const outcome = pendingError(libc, socket.fd);
    if (outcome !== 0) throw socketError(libc, "connect", outcome);
    return;
  }
}

/**
 * Clears `O_NONBLOCK` once connected: quick calls pass `MSG_DONTWAIT`, and a
 * large send may then sleep in the kernel on a helper thread.
 */
function makeBlocking(libc: SocketLibc, fd: number): void {
  const flags = checkCall(libc, "fcntl", libc.fcntl(fd, SOCK.F_GETFL, 0));
  checkCall(
    libc,
    "fcntl",
    libc.fcntl(fd, SOCK.F_SETFL, flags & ~SOCK.O_NONBLOCK),
  );
}

/** Wraps an accepted (blocking) descriptor and tunes it. */
function adopt(
  libc: SocketLibc,
  fd: number,
  address: BusyPollAddress,
  spinMs: number,
): BusyPollSocket {
  socketLibc.acquire();
  let socket: BusyPollSocket;
  try {
    socket = new BusyPollSocket(libc, fd, spinMs, () => socketLibc.release());
  } catch (error) {
    libc.close(fd);
    socketLibc.release();
    throw error;
  }
  try {
    tuneConnected(libc, fd, address.transport);
  } catch (error) {
    socket.close();
    throw error;
  }
  return socket;
}

/**
 * Connects a busy-poll socket within `timeoutMs` (any stream server: the
 * bytes are the same as a `Deno.Conn`'s).
 *
 * @example Nobody listening is Deno's ConnectionRefused
 * ```ts
 * import { connectBusyPoll } from "./busy_poll.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const free = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const port = free.addr.port;
 * free.close();
 * await assertRejects(
 *   () => connectBusyPoll({ transport: "tcp", hostname: "127.0.0.1", port }, { spinMs: 0 }),
 *   Deno.errors.ConnectionRefused,
 * );
 * ```
 */
export async function connectBusyPoll(
  address: BusyPollAddress,
  options: ConnectBusyPollOptions,
): Promise<BusyPollSocket> {
  const { libc, socket } = openSocket(address.transport, options.spinMs);
  try {
    await establish(
      libc,
      socket,
      encodeSockaddr(address),
      options.timeoutMs ?? 10_000,
    );
    makeBlocking(libc, socket.fd);
    tuneConnected(libc, socket.fd, address.transport);
  } catch (error) {
    socket.close();
    await socket.whenClosed();
    throw error;
  }
  return socket;
}
