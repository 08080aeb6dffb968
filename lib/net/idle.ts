/**
 * A connection that closes itself after a period without progress.
 *
 * A server on one event loop cannot let a silent client hold a connection
 * slot forever (the class's thread-per-client server would keep a thread
 * blocked in `recv`). Wrapping the `Deno.Conn` means every reader — raw
 * protocol or framed duplex — is covered without cooperating.
 *
 * @module
 */

import type { ReadWriteResource } from "../wire/framed.ts";

/** A connection whose reads and writes reset an idle timer. */
export interface IdleGuardedConn extends ReadWriteResource {
  /** Whether the idle timer fired and closed the connection. */
  readonly timedOut: boolean;
  /** Whether `close()` ran (by anyone). */
  readonly closed: boolean;
  closeWrite(): Promise<void>;
}

/**
 * Wraps `conn` so that `idleMs` without a completed read or write closes it
 * (a pending `read` then rejects). `idleMs <= 0` or `Infinity` disables it.
 *
 * @example A silent peer is cut off
 * ```ts
 * import { guardIdle } from "./idle.ts";
 * import { assert, assertRejects } from "@std/assert";
 *
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const accepted = listener.accept();
 * using client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
 * const conn = guardIdle(await accepted, 50);
 * await assertRejects(() => conn.read(new Uint8Array(8)));
 * assert(conn.timedOut);
 * conn.close();
 * ```
 */
export function guardIdle(conn: Deno.Conn, idleMs: number): IdleGuardedConn {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  let closed = false;
  const enabled = idleMs > 0 && Number.isFinite(idleMs);
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    try {
      conn.close();
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
  };
  const arm = () => {
    if (!enabled || closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      close();
    }, idleMs);
  };
  arm();
  return {
    get timedOut() {
      return timedOut;
    },
    get closed() {
      return closed;
    },
    async read(buffer) {
      const n = await conn.read(buffer);
      arm();
      return n;
    },
    async write(bytes) {
      const n = await conn.write(bytes);
      arm();
      return n;
    },
    async closeWrite() {
      if (!closed) await conn.closeWrite();
    },
    close,
  };
}
