/**
 * The server's listening socket: where it listens and how it lets go.
 *
 * @module
 */

import { checkPort } from "../transports/tcp.ts";
import {
  bindSocketPath,
  reportingPath,
  type SocketMode,
} from "../transports/socket_path.ts";
import type { ServerEndpoint } from "./server_types.ts";

/**
 * Where the server listens; a Unix endpoint may also say who may connect
 * (socket mode `0o600` by default, `0o660` for the owner's group too).
 */
export type ServerListenerEndpoint =
  | ServerEndpoint
  | { transport: "unix"; path?: string; mode?: SocketMode };

/** A bound listener and how clients reach it. */
export interface ServerListener {
  readonly listener: Deno.Listener;
  /** `127.0.0.1:port` or the socket path. */
  readonly address: string;
  /** TCP port (0 for Unix sockets). */
  readonly port: number;
  /** Socket path (empty for TCP). */
  readonly path: string;
  /** Stops listening and removes the socket file (and its private dir). Idempotent. */
  close(): void;
}

/**
 * Binds the endpoint: TCP on 127.0.0.1 unless told otherwise, or a Unix
 * socket (a private temp dir by default, mode 0600, a stale socket
 * replaced; a live server's path is `Deno.errors.AddrInUse`).
 *
 * @example A Unix endpoint leaves nothing behind once closed
 * ```ts
 * import { openServerListener } from "./server_listener.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const bound = await openServerListener({ transport: "unix" });
 * bound.close();
 * bound.close();
 * await assertRejects(() => Deno.lstat(bound.path), Deno.errors.NotFound);
 * ```
 */
export async function openServerListener(
  endpoint: ServerListenerEndpoint = {},
): Promise<ServerListener> {
  if (endpoint.transport === "unix") {
    const { listener, path, release } = await bindSocketPath(
      endpoint,
      (at) => Deno.listen({ transport: "unix", path: at }),
    );
    return bound(reportingPath(listener, path), path, 0, path, release);
  }
  const port = endpoint.port ?? 0;
  checkPort(port);
  const listener = Deno.listen({
    transport: "tcp",
    hostname: endpoint.hostname ?? "127.0.0.1",
    port,
  });
  const addr = listener.addr as Deno.NetAddr;
  return bound(listener, `${addr.hostname}:${addr.port}`, addr.port, "");
}

function bound(
  listener: Deno.Listener,
  address: string,
  port: number,
  path: string,
  release: () => void = () => {},
): ServerListener {
  let closed = false;
  return {
    listener,
    address,
    port,
    path,
    close() {
      if (closed) return;
      closed = true;
      try {
        listener.close();
      } catch (error) {
        if (!(error instanceof Deno.errors.BadResource)) throw error;
      }
      release();
    },
  };
}
