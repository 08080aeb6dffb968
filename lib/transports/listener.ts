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
}

/**
 * Wraps a Deno listener so accepted connections come out framed.
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
      try {
        conn = await listener.accept();
      } catch (error) {
        // Closing the listener fails the pending accept with BadResource.
        if (closed) throw new DuplexClosedError("accept");
        throw error;
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
