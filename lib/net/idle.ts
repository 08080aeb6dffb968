/**
 * A connection that closes itself when its client stops making progress.
 *
 * A server on one event loop cannot let a silent client hold a connection
 * slot forever (the class's thread-per-client server would keep a thread
 * blocked in `recv`). Nor can it let a slow one: an idle timer that restarts
 * on every read is beaten by one byte every few seconds (slowloris). So the
 * guard has three clocks, each cutting the connection with a typed reason:
 *
 * - `idle`: nothing read or written for `idleMs`;
 * - `slowFrame`: a frame whose first byte arrived is still incomplete after
 *   `frameTimeoutMs` (only once {@linkcode GuardedConn.countFrames} is on);
 * - `heldTooLong`: the server has been waiting on this client for
 *   `maxIdleHoldMs` without a frame (or, for raw bytes, a read) completing.
 *
 * Wrapping the `Deno.Conn` means every reader — raw protocol or framed
 * duplex — is covered without cooperating.
 *
 * @module
 */

import type { ReadWriteResource } from "../wire/framed.ts";
import { frameMeter } from "./frame_meter.ts";

/** Why a guard cut its connection (`shed`: the server needed the slot). */
export type CutReason = "idle" | "slowFrame" | "heldTooLong" | "shed";

const CUT_REASON_TEXT: Record<CutReason, string> = {
  idle: "sin lecturas ni escrituras por demasiado tiempo",
  slowFrame: "un mensaje empezado no se completaba",
  heldTooLong: "esperó demasiado tiempo un mensaje completo",
  shed: "el servidor necesitaba el cupo",
};

/** What a read on a cut connection rejects with. */
export class ConnectionCutError extends Error {
  override name = "ConnectionCutError";
  /** Creates the error of a connection cut for `reason`. */
  constructor(readonly reason: CutReason) {
    super(`El servidor cortó la conexión (${CUT_REASON_TEXT[reason]})`);
  }
}

/** A connection guarded by the clocks of {@linkcode guardIdle}. */
export interface GuardedConn extends ReadWriteResource {
  /** Whether the idle timer fired and closed the connection. */
  readonly timedOut: boolean;
  /** Why the connection was cut, or `null` while it was not. */
  readonly cutReason: CutReason | null;
  /** Whether `close()` ran (by anyone). */
  readonly closed: boolean;
  /**
   * Since when (`performance.now()`) the server has been waiting on this
   * client with no progress; `null` while it is not waiting (a handler
   * busy with a request is never stale).
   */
  readonly stalledSince: number | null;
  /**
   * From now on, progress means a whole length-prefixed frame arrived, and
   * a started frame must finish within `frameTimeoutMs`. Call before the
   * first read.
   */
  countFrames(): void;
  /** Cuts the connection for `reason` (a pending read rejects with it). */
  cut(reason: CutReason): void;
  closeWrite(): Promise<void>;
}

/** Former name of {@linkcode GuardedConn}. */
export type IdleGuardedConn = GuardedConn;

/** The clocks of {@linkcode guardIdle}; `<= 0` or `Infinity` disables one. */
export interface GuardLimits {
  /** No read or write for this long cuts (`idle`). */
  idleMs: number;
  /** A started frame still incomplete after this long cuts (`slowFrame`). */
  frameTimeoutMs?: number;
  /** Waiting this long on the client without progress cuts (`heldTooLong`). */
  maxIdleHoldMs?: number;
  /** Told once, at the moment of a cut (before the connection closes). */
  onCut?: (reason: CutReason) => void;
}

/**
 * Wraps `conn` with the idle, frame and hold clocks (a number is just the
 * idle timeout). A cut closes the connection; a pending `read` then rejects
 * with {@linkcode ConnectionCutError}.
 *
 * @example A silent peer is cut off
 * ```ts
 * import { ConnectionCutError, guardIdle } from "./idle.ts";
 * import { assert, assertRejects } from "@std/assert";
 *
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const accepted = listener.accept();
 * using client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
 * const conn = guardIdle(await accepted, 50);
 * await assertRejects(() => conn.read(new Uint8Array(8)), ConnectionCutError);
 * assert(conn.timedOut && conn.cutReason === "idle");
 * conn.close();
 * ```
 */
export function guardIdle(
  conn: Deno.Conn,
  limits: number | GuardLimits,
): GuardedConn {
  const { idleMs, frameTimeoutMs = 0, maxIdleHoldMs = 0, onCut } =
    typeof limits === "number" ? { idleMs: limits } : limits;
  const on = (ms: number) => ms > 0 && Number.isFinite(ms);
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let frameTimer: ReturnType<typeof setTimeout> | undefined;
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  let cutError: ConnectionCutError | null = null;
  let closed = false;
  let stalledSince: number | null = null;
  let meter: ReturnType<typeof frameMeter> | null = null;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const timer of [idleTimer, frameTimer, holdTimer]) clearTimeout(timer);
    try {
      conn.close();
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
  };
  const cut = (reason: CutReason) => {
    if (closed) return;
    cutError = new ConnectionCutError(reason);
    onCut?.(reason);
    close();
  };
  const later = (ms: number, reason: CutReason) =>
    on(ms) && !closed ? setTimeout(() => cut(reason), ms) : undefined;
  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = later(idleMs, "idle");
  };
  const progressed = () => {
    stalledSince = null;
    clearTimeout(holdTimer);
  };
  /** Moves the clocks for a chunk that arrived (`null`: the peer ended). */
  const arrived = (chunk: Uint8Array | null) => {
    if (chunk === null) return progressed();
    if (meter === null) return progressed(); // raw bytes: any read is progress
    const { completed, midFrame } = meter.push(chunk);
    if (completed > 0) {
      progressed();
      clearTimeout(frameTimer);
      frameTimer = undefined;
    }
    // The deadline runs from the frame's first byte, not from each chunk.
    if (midFrame && frameTimer === undefined) {
      frameTimer = later(frameTimeoutMs, "slowFrame");
    }
  };
  armIdle();
  return {
    get timedOut() {
      return cutError?.reason === "idle";
    },
    get cutReason() {
      return cutError?.reason ?? null;
    },
    get closed() {
      return closed;
    },
    get stalledSince() {
      return stalledSince;
    },
    countFrames() {
      meter ??= frameMeter();
    },
    cut,
    async read(buffer) {
      if (cutError) throw cutError;
      if (stalledSince === null) {
        stalledSince = performance.now();
        holdTimer = later(maxIdleHoldMs, "heldTooLong");
      }
      let n: number | null;
      try {
        n = await conn.read(buffer);
      } catch (error) {
        throw cutError ?? error;
      }
      if (cutError) throw cutError;
      armIdle();
      arrived(n === null ? null : buffer.subarray(0, n));
      return n;
    },
    async write(bytes) {
      try {
        const n = await conn.write(bytes);
        armIdle();
        return n;
      } catch (error) {
        throw cutError ?? error;
      }
    },
    async closeWrite() {
      if (!closed) await conn.closeWrite();
    },
    close,
  };
}
