/**
 * Unix domain sockets as framed {@linkcode MessageDuplex}es.
 *
 * The IPC chapter's point: same socket API as TCP, but the address is a file
 * and the kernel never touches the network stack. The kit never uses a fixed
 * world-writable path: by default the socket lives in a private temporary
 * directory, and closing the listener removes the file (and that directory).
 *
 * @module
 */

import { join } from "@std/path";
import { type FramedDuplex, framedDuplex } from "../wire/framed.ts";
import type { FramedDuplexOptions } from "../wire/framed.ts";
import { connectBusyPoll, listenBusyPoll } from "../fast/busy_poll.ts";
import {
  type BusyPollOption,
  type FramedListener,
  framedListener,
} from "./tcp.ts";

/** Options of {@linkcode listenUnix}. */
export interface ListenUnixOptions extends FramedDuplexOptions, BusyPollOption {
  /** Socket path; default `<private temp dir>/kit.sock`. */
  path?: string;
}

/** A listening Unix socket; `close()` also removes the socket file. */
export type FramedUnixListener = FramedListener<Deno.UnixAddr> & {
  /** Where clients connect. */
  readonly path: string;
};

/**
 * Creates a private directory (mode 0700) and returns a socket path in it.
 *
 * @example
 * ```ts
 * import { privateSocketPath } from "./unix.ts";
 * import { assert } from "@std/assert";
 *
 * const path = await privateSocketPath("demo.sock");
 * assert(path.endsWith("/demo.sock"));
 * await Deno.remove(path.slice(0, -"/demo.sock".length));
 * ```
 */
export async function privateSocketPath(name = "kit.sock"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "ipc-kit-" });
  await Deno.chmod(dir, 0o700);
  return join(dir, name);
}

/**
 * Listens on a Unix socket. A stale socket file left by a crashed server is
 * replaced; any other kind of file at the path is refused with a `TypeError`.
 *
 * @example A framed round trip over a Unix socket
 * ```ts
 * import { connectUnix, listenUnix } from "./unix.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const listener = await listenUnix();
 * const accepted = listener.accept();
 * const client = await connectUnix({ path: listener.path });
 * const server = await accepted;
 * await client.send(new TextEncoder().encode("abracadabra"));
 * assertEquals(new TextDecoder().decode((await server.receive())!), "abracadabra");
 * await client.close();
 * await server.close();
 * listener.close();
 * ```
 */
export async function listenUnix(
  options: ListenUnixOptions = {},
): Promise<FramedUnixListener> {
  const { path: given, busyPollMs, ...duplexOptions } = options;
  const path = given ?? await privateSocketPath();
  const ownDir = given === undefined
    ? path.slice(0, path.lastIndexOf("/"))
    : null;
  await removeStaleSocket(path);
  const cleanUp = () => {
    // Deno may already have unlinked the socket file; the directory is ours.
    removeIfPresent(path);
    if (ownDir) removeIfPresent(ownDir);
  };
  if (busyPollMs !== undefined) {
    const busy = listenBusyPoll<Deno.UnixAddr>({ transport: "unix", path }, {
      ...duplexOptions,
      busyPollMs,
      onListenerClose: cleanUp,
    });
    return Object.assign(busy, { path });
  }
  const listener = Deno.listen({ transport: "unix", path });
  const framed = framedListener<Deno.UnixAddr>(listener, {
    ...duplexOptions,
    onClose: cleanUp,
  });
  return Object.assign(framed, { path });
}

function removeIfPresent(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/**
 * Removes a socket file left at `path` by a server that died without cleaning
 * up; a missing file is fine, any other kind of file is a `TypeError`.
 *
 * @example A missing path is not an error
 * ```ts
 * import { removeStaleSocket } from "./unix.ts";
 *
 * await removeStaleSocket("/nonexistent/kit.sock");
 * ```
 */
export async function removeStaleSocket(path: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (!info.isSocket) {
    throw new TypeError(`Refusing to replace ${path}: it is not a socket`);
  }
  await Deno.remove(path);
}

/** Options of {@linkcode connectUnix}. */
export interface ConnectUnixOptions
  extends FramedDuplexOptions, BusyPollOption {
  path: string;
}

/**
 * Connects to a framed Unix-socket server.
 *
 * @example Connecting to a path nobody listens on is a typed error
 * ```ts
 * import { connectUnix } from "./unix.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await assertRejects(
 *   () => connectUnix({ path: "/nonexistent/kit.sock" }),
 *   Deno.errors.NotFound,
 * );
 * ```
 */
export async function connectUnix(
  options: ConnectUnixOptions,
): Promise<FramedDuplex> {
  const { path, busyPollMs, ...duplexOptions } = options;
  if (busyPollMs !== undefined) {
    return await connectBusyPoll({ transport: "unix", path }, {
      ...duplexOptions,
      busyPollMs,
    });
  }
  const conn = await Deno.connect({ transport: "unix", path });
  return framedDuplex(conn, duplexOptions);
}
