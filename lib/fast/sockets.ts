/**
 * The fast tier's TCP and Unix sockets: the same frames on the same kinds
 * of socket as `listenTcp`/`connectTcp` and `listenUnix`/`connectUnix`
 * (`lib/transports/`), tuned for the benchmark. Two choices make them fast:
 *
 * - **Busy-poll reads** (the default): the kit opens the socket through libc
 *   and each read spins up to `busyPollMs` before it sleeps (see
 *   `busy_poll_socket.ts`). A loopback reply that arrives within the spin is
 *   picked up with no kernel wake-up and no event loop on the path, at the
 *   cost of a busy core while waiting. Needs `--allow-ffi`; Linux only.
 * - **Fast framing** (`fastFramedDuplex`): coalesced sends and, with
 *   `reuseBuffers`, received messages lent rather than allocated.
 *
 * `busyPollMs: false` keeps the fast framing on a plain `Deno.Conn` woken by
 * the event loop: the bench's `tcp-async`/`unix-async` rows, which isolate
 * what busy polling adds. An end that has nothing else to do (the bench
 * peer, or the bench's `tcp-block`/`unix-block` rows while they measure)
 * may add `blockingIo` for blocking libc calls instead, each sleep bounded
 * by `blockingWaitLimitMs` if given (`blocking_socket.ts`). A busy-poll
 * end and a `Deno.Conn` end of either tier talk to each other: the bytes
 * on the wire are the same.
 *
 * @module
 */

import { type FramedListener, framedListener } from "../transports/listener.ts";
import type { ReadWriteResource } from "../wire/byte_endpoints.ts";
import {
  type BlockingSocketOption,
  blockingSocketResource,
  wantsBlockingSocket,
} from "./blocking_socket.ts";
import type { BusyPollSocket } from "./busy_poll_socket.ts";
import { checkBlockingWait } from "./blocking_resource.ts";
import { checkPort } from "../transports/tcp.ts";
import { bindSocketPath, reportingPath } from "../transports/socket_path.ts";
import {
  type FastFramedDuplex,
  fastFramedDuplex,
  type FastFramedOptions,
} from "./framed.ts";
import {
  type BusyPollAddress,
  type BusyPollListener,
  connectBusyPoll,
  listenBusyPoll,
} from "./busy_poll.ts";
import {
  acceptedFraming,
  type ConnectTcpFastOptions,
  type ConnectUnixFastOptions,
  type FastTcpListener,
  type FastUnixListener,
  type ListenTcpFastOptions,
  type ListenUnixFastOptions,
  spinOf,
} from "./socket_options.ts";

export { DEFAULT_BUSY_POLL_MS } from "./busy_poll_socket.ts";
export type { BlockingSocketOption } from "./blocking_socket.ts";
export type {
  ConnectTcpFastOptions,
  ConnectUnixFastOptions,
  FastSocketOptions,
  FastTcpListener,
  FastUnixListener,
  ListenTcpFastOptions,
  ListenUnixFastOptions,
} from "./socket_options.ts";

/** Frames a busy-poll socket; closing waits until libc let go of it. */
function frameSocket(
  socket: ReadWriteResource & { whenClosed(): Promise<void> },
  options: FastFramedOptions,
): FastFramedDuplex {
  const { onClose, ...rest } = options;
  return fastFramedDuplex(socket, {
    ...rest,
    async onClose() {
      await socket.whenClosed();
      await onClose?.();
    },
  });
}

/** How an accepted or connected libc socket is read and written. */
type SocketResourceOf = (
  socket: BusyPollSocket,
) => ReadWriteResource & { whenClosed(): Promise<void> };

/** Its own busy-poll reads and writes. */
const busyPolled: SocketResourceOf = (socket) => socket;

/**
 * Blocking calls on this thread, if the options ask for them; else
 * undefined. The spin and wait limit are checked here, before any socket
 * exists, so a bad option never leaves an accepted or connected one open.
 */
function blockingResourceOf(
  options: BlockingSocketOption,
): SocketResourceOf | undefined {
  if (!wantsBlockingSocket(options)) return undefined;
  const spin = spinOf(options.busyPollMs);
  const waitLimitMs = options.blockingWaitLimitMs ?? Infinity;
  checkBlockingWait(spin === false ? 0 : spin, waitLimitMs);
  return (socket) =>
    blockingSocketResource(socket, spin === false ? 0 : spin, waitLimitMs);
}

/** Frames each connection a busy-poll listener accepts. */
function busyListener<A extends Deno.NetAddr | Deno.UnixAddr>(
  listener: BusyPollListener<A>,
  framing: FastFramedOptions,
  resourceOf: SocketResourceOf = busyPolled,
): FramedListener<A, FastFramedDuplex> {
  return {
    addr: listener.addr,
    accept: async () =>
      frameSocket(resourceOf(await listener.accept()), framing),
    close: () => listener.close(),
    [Symbol.dispose]: () => listener.close(),
  };
}

/**
 * Listens for fast framed TCP connections on loopback.
 *
 * @example A busy-poll round trip, lending the received message
 * ```ts
 * import { connectTcpFast, listenTcpFast } from "./sockets.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = listenTcpFast({ reuseBuffers: true });
 * const accepted = listener.accept();
 * await using client = await connectTcpFast({ port: listener.addr.port });
 * await using server = await accepted;
 * await client.send(new Uint8Array([1, 2, 3]));
 * await server.send((await server.receive())!);
 * assertEquals([...(await client.receive())!], [1, 2, 3]);
 * ```
 */
export function listenTcpFast(
  options: ListenTcpFastOptions = {},
): FastTcpListener {
  const { hostname = "127.0.0.1", port = 0, busyPollMs } = options;
  const framing = acceptedFraming(options);
  checkPort(port);
  const blocking = blockingResourceOf(options);
  if (blocking !== undefined) {
    // Accepting sleeps in poll on a helper thread; each connection blocks.
    const address: BusyPollAddress = { transport: "tcp", hostname, port };
    return busyListener(
      listenBusyPoll<Deno.NetAddr>(address, 0),
      framing,
      blocking,
    );
  }
  const spin = spinOf(busyPollMs);
  if (spin === false) {
    const listener = Deno.listen({ hostname, port, transport: "tcp" });
    return framedListener<Deno.NetAddr, FastFramedDuplex>(listener, {
      frame: (conn) => fastFramedDuplex(conn, framing),
    });
  }
  const address: BusyPollAddress = { transport: "tcp", hostname, port };
  return busyListener(listenBusyPoll<Deno.NetAddr>(address, spin), framing);
}

/**
 * Connects a fast framed TCP socket (`TCP_NODELAY` set, as the teaching
 * tier explains in `connectTcp`).
 *
 * @example The event-loop variant talks to a teaching listener
 * ```ts
 * import { connectTcpFast } from "./sockets.ts";
 * import { listenTcp } from "../transports/tcp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = listenTcp();
 * const accepted = listener.accept();
 * await using client = await connectTcpFast({
 *   port: listener.addr.port,
 *   busyPollMs: false,
 * });
 * await using server = await accepted;
 * await client.send(new TextEncoder().encode("waku"));
 * assertEquals(new TextDecoder().decode((await server.receive())!), "waku");
 * ```
 */
export async function connectTcpFast(
  options: ConnectTcpFastOptions,
): Promise<FastFramedDuplex> {
  const {
    hostname = "127.0.0.1",
    port,
    busyPollMs,
    blockingIo: _blockingIo,
    blockingWaitLimitMs: _blockingWaitLimitMs,
    ...framing
  } = options;
  checkPort(port);
  const blocking = blockingResourceOf(options);
  if (blocking !== undefined) {
    const address: BusyPollAddress = { transport: "tcp", hostname, port };
    return frameSocket(
      blocking(await connectBusyPoll(address, { spinMs: 0 })),
      framing,
    );
  }
  const spin = spinOf(busyPollMs);
  if (spin === false) {
    const conn = await Deno.connect({ hostname, port, transport: "tcp" });
    conn.setNoDelay(true);
    return fastFramedDuplex(conn, framing);
  }
  const address: BusyPollAddress = { transport: "tcp", hostname, port };
  const socket = await connectBusyPoll(address, { spinMs: spin });
  return frameSocket(socket, framing);
}

/**
 * Listens on a fast framed Unix socket, claimed as `listenUnix` claims its
 * own: a stale socket file replaced, a live server's path refused
 * (`Deno.errors.AddrInUse`), mode 0600, a private temp dir by default,
 * removed on close.
 *
 * @example A busy-poll Unix round trip
 * ```ts
 * import { connectUnixFast, listenUnixFast } from "./sockets.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = await listenUnixFast();
 * const accepted = listener.accept();
 * await using client = await connectUnixFast({ path: listener.path });
 * await using server = await accepted;
 * await client.send(new Uint8Array([9]));
 * assertEquals([...(await server.receive())!], [9]);
 * ```
 */
export async function listenUnixFast(
  options: ListenUnixFastOptions = {},
): Promise<FastUnixListener> {
  const framing = acceptedFraming(options);
  const blocking = blockingResourceOf(options);
  const spin = blocking === undefined ? spinOf(options.busyPollMs) : 0;
  let framed: FramedListener<Deno.UnixAddr, FastFramedDuplex>;
  if (spin === false) {
    const { listener, path, release } = await bindSocketPath(
      options,
      (at) => Deno.listen({ transport: "unix", path: at }),
    );
    framed = framedListener<Deno.UnixAddr, FastFramedDuplex>(
      reportingPath(listener, path),
      {
        frame: (conn) => fastFramedDuplex(conn, framing),
        onListenerClose: release,
      },
    );
    return Object.assign(framed, { path });
  }
  const { listener, path } = await bindSocketPath(
    options,
    (at, release) =>
      listenBusyPoll<Deno.UnixAddr>(
        { transport: "unix", path: at },
        spin,
        release,
      ),
  );
  // Bound at a staging name (see bindSocketPath): report the real path.
  const addr: Deno.UnixAddr = { transport: "unix", path };
  framed = busyListener(Object.assign(listener, { addr }), framing, blocking);
  return Object.assign(framed, { path });
}

/**
 * Connects a fast framed Unix socket.
 *
 * @example Nobody at the path is Deno's NotFound, in both variants
 * ```ts
 * import { connectUnixFast } from "./sockets.ts";
 * import { assertRejects } from "@std/assert";
 *
 * for (const busyPollMs of [undefined, false] as const) {
 *   await assertRejects(
 *     () => connectUnixFast({ path: "/nonexistent/kit.sock", busyPollMs }),
 *     Deno.errors.NotFound,
 *   );
 * }
 * ```
 */
export async function connectUnixFast(
  options: ConnectUnixFastOptions,
): Promise<FastFramedDuplex> {
  const {
    path,
    busyPollMs,
    blockingIo: _blockingIo,
    blockingWaitLimitMs: _blockingWaitLimitMs,
    ...framing
  } = options;
  const blocking = blockingResourceOf(options);
  if (blocking !== undefined) {
    const address: BusyPollAddress = { transport: "unix", path };
    return frameSocket(
      blocking(await connectBusyPoll(address, { spinMs: 0 })),
      framing,
    );
  }
  const spin = spinOf(busyPollMs);
  if (spin === false) {
    return fastFramedDuplex(
      await Deno.connect({ transport: "unix", path }),
      framing,
    );
  }
  const socket = await connectBusyPoll({ transport: "unix", path }, {
    spinMs: spin,
  });
  return frameSocket(socket, framing);
}
