/**
 * A listening stream socket whose accepted connections come out as framed
 * duplexes: the piece TCP and Unix sockets share, so a server does not care
 * which of the two it got.
 *
 * @module
 */

import { DuplexClosedError } from "../wire/errors.ts";
import { type FramedDuplex, framedDuplex } from "../wire/framed.ts";

/**
 * A listening stream socket whose accepted connections are framed duplexes.
 * TCP and Unix listeners share it, and so do the fast tier's listeners
 * (`D` is then their own duplex type).
 */
export interface FramedListener<
  A extends Deno.Addr = Deno.Addr,
  D extends FramedDuplex = FramedDuplex,
> extends Disposable {
  /** The address it listens on. */
  readonly addr: A;
  /** Waits for the next connection; after `close()` rejects with `DuplexClosedError`. */
  accept(): Promise<D>;
  /** Stops listening (open connections are not affected). Idempotent. */
  close(): void;
}

/** Options of {@linkcode framedListener}. */
export interface FramedListenerOptions<D extends FramedDuplex> {
  /**
   * Makes a duplex of each accepted connection (default: `framedDuplex`
   * with its defaults). Each connection's own options, its `onClose`
   * included, go here: the listener has none of its own.
   */
  frame?: (conn: Deno.Conn) => D;
  /** Runs once after the listener closes (a Unix socket removes its file). */
  onListenerClose?: () => void;
  /**
   * Told about each connection that was gone before `accept` could take it
   * (see {@linkcode isLostBeforeAccept}); `accept` skips it and waits for
   * the next one.
   */
  onLostBeforeAccept?: (error: unknown) => void;
}

/**
 * Errors of `accept` that concern the one connection being accepted, not
 * the listener. Linux hands a connection's pending error to `accept`: a
 * client that connects and resets at once (`SO_LINGER` 0, a port scanner, a
 * crashed client) makes it fail with `ECONNABORTED`, or, since Deno asks for
 * the peer's address right after, `ENOTCONN`. `accept(2)` lists the rest
 * ("treat them like EAGAIN by retrying"). The listener is fine: the next
 * accept works.
 */
const LOST_BEFORE_ACCEPT_CODES = new Set([
  "ECONNABORTED",
  "ECONNRESET",
  "ENOTCONN",
  "EPROTO",
  "ENOPROTOOPT",
  "ENETDOWN",
  "ENETUNREACH",
  "ENONET",
  "EHOSTDOWN",
  "EHOSTUNREACH",
  "EOPNOTSUPP",
]);

/**
 * Whether a failed `accept` lost only the connection it was taking (reset
 * or aborted before it was accepted), so the caller should accept the next
 * one at once. Anything else (`EMFILE`, a closed listener) is the
 * listener's.
 *
 * @example A reset is the connection's; running out of descriptors is not
 * ```ts
 * import { isLostBeforeAccept } from "./listener.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(isLostBeforeAccept(new Deno.errors.NotConnected("reset")), true);
 * assertEquals(isLostBeforeAccept(new Deno.errors.ConnectionAborted("gone")), true);
 * const emfile = Object.assign(new Error("Too many open files"), { code: "EMFILE" });
 * assertEquals(isLostBeforeAccept(emfile), false);
 * assertEquals(isLostBeforeAccept(new Deno.errors.BadResource("closed")), false);
 * ```
 */
export function isLostBeforeAccept(error: unknown): boolean {
  if (
    error instanceof Deno.errors.NotConnected ||
    error instanceof Deno.errors.ConnectionReset ||
    error instanceof Deno.errors.ConnectionAborted
  ) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && LOST_BEFORE_ACCEPT_CODES.has(code);
}

/**
 * Wraps a Deno listener so accepted connections come out framed. A
 * connection reset before it was accepted is skipped (`accept` waits for the
 * next one), so a caller only ever sees the listener's own errors.
 *
 * @example Accepting after close is a typed error
 * ```ts
 * import { framedListener } from "./listener.ts";
 * import { DuplexClosedError } from "../wire/errors.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const listener = framedListener(Deno.listen({ hostname: "127.0.0.1", port: 0 }));
 * listener.close();
 * await assertRejects(() => listener.accept(), DuplexClosedError);
 * ```
 */
export function framedListener<
  A extends Deno.Addr = Deno.Addr,
  D extends FramedDuplex = FramedDuplex,
>(
  listener: Deno.Listener,
  options: FramedListenerOptions<D> = {},
): FramedListener<A, D> {
  const frame = options.frame ??
    ((conn: Deno.Conn) => framedDuplex(conn) as D);
  let closed = false;
  return {
    addr: listener.addr as A,
    async accept() {
      if (closed) throw new DuplexClosedError("accept");
      let conn: Deno.Conn;
      while (true) {
        try {
          conn = await listener.accept();
          break;
        } catch (error) {
          // Closing the listener fails the pending accept with BadResource.
          if (closed) throw new DuplexClosedError("accept");
          // A client that reset before we took it is no caller's business:
          // no spin either, the next accept waits for a new connection.
          if (!isLostBeforeAccept(error)) throw error;
          options.onLostBeforeAccept?.(error);
        }
      }
      // No Nagle on either end of a TCP connection (the reason: connectTcp).
      if (conn.remoteAddr.transport === "tcp") {
        (conn as Deno.TcpConn).setNoDelay(true);
      }
      return frame(conn);
    },
    close() {
      if (closed) return;
      closed = true;
      listener.close();
      options.onListenerClose?.();
    },
    [Symbol.dispose]() {
      this.close();
    },
  };
}
