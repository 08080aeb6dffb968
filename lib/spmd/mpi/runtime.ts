/**
 * The MPI process state: init/finalize, error translation, request polling
 * and the rule that only one thread calls MPI at a time.
 *
 * @module
 */

import { SpmdTimeoutError } from "../errors.ts";
import { MpiError } from "./errors.ts";
import {
  MPI_MAX_ERROR_STRING,
  MPI_THREAD_SERIALIZED,
  type MpiLibrary,
  openMpiLibrary,
  STATUS_BYTES,
} from "./ffi.ts";

/** How long a wait spins on MPI_Test before yielding to the event loop. */
const SPIN_MS = 2;
/** Longest sleep between polls once a wait yields. */
const MAX_POLL_DELAY_MS = 1;

/**
 * Allocates zeroed off-heap memory for MPI: V8 keeps small typed arrays on
 * its heap and may move them, but MPI keeps raw pointers to pending buffers.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { offHeap } from "./runtime.ts";
 *
 * assertEquals(offHeap(8).length, 8);
 * ```
 */
export function offHeap(bytes: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new ArrayBuffer(bytes));
}

/**
 * One process's MPI session. It exists to keep three invariants in one
 * place: every return code is checked (→ {@linkcode MpiError}); point-to-point
 * waits poll MPI_Test on the JS thread (spinning briefly for latency, then
 * yielding so timers and I/O keep running); and blocking collectives run on
 * a helper thread (FFI `nonblocking`) one at a time, with the JS thread
 * making no MPI call meanwhile — the MPI_THREAD_SERIALIZED contract.
 */
export class MpiRuntime {
  readonly lib: MpiLibrary;
  readonly rank: number;
  readonly size: number;
  readonly timeoutMs: number;
  #threadCall: Promise<unknown> | null = null;
  #finalized = false;

  private constructor(lib: MpiLibrary, timeoutMs: number) {
    this.lib = lib;
    this.timeoutMs = timeoutMs;
    const provided = new Int32Array(1);
    this.check(
      "MPI_Init_thread",
      lib.symbols.MPI_Init_thread(null, null, MPI_THREAD_SERIALIZED, provided),
    );
    if (provided[0] < MPI_THREAD_SERIALIZED) {
      throw new RangeError(
        `Open MPI provides thread level ${
          provided[0]
        }; the kit needs MPI_THREAD_SERIALIZED`,
      );
    }
    const world = lib.handles.COMM_WORLD;
    this.check(
      "MPI_Comm_set_errhandler",
      lib.symbols.MPI_Comm_set_errhandler(world, lib.handles.ERRORS_RETURN),
    );
    const out = new Int32Array(1);
    this.check("MPI_Comm_rank", lib.symbols.MPI_Comm_rank(world, out));
    this.rank = out[0];
    this.check("MPI_Comm_size", lib.symbols.MPI_Comm_size(world, out));
    this.size = out[0];
  }

  /** MPI_Init for this process (once); `timeoutMs` bounds every wait. */
  static init(timeoutMs = 120_000): MpiRuntime {
    return new MpiRuntime(openMpiLibrary(), timeoutMs);
  }

  /** Throws an MpiError with MPI's text when `code` is not MPI_SUCCESS. */
  check(call: string, code: number): void {
    if (code === 0) return;
    const text = offHeap(MPI_MAX_ERROR_STRING);
    const length = new Int32Array(1);
    const errorClass = new Int32Array(1);
    let mpiText = `unknown MPI error ${code}`;
    if (this.lib.symbols.MPI_Error_string(code, text, length) === 0) {
      mpiText = new TextDecoder().decode(text.subarray(0, length[0]));
    }
    this.lib.symbols.MPI_Error_class(code, errorClass);
    throw new MpiError(call, code, errorClass[0], mpiText);
  }

  /** Whether a collective is running on the helper thread now. */
  get busy(): boolean {
    return this.#threadCall !== null;
  }

  /** Waits until no collective is running on the helper thread. */
  async idle(): Promise<void> {
    while (this.#threadCall) await this.#threadCall.catch(() => {});
  }

  /** Runs a blocking call on the helper thread, one at a time. */
  async onThread(call: string, start: () => Promise<number>): Promise<void> {
    await this.idle();
    const running = start();
    this.#threadCall = running;
    try {
      this.check(call, await running);
    } finally {
      this.#threadCall = null;
    }
  }

  /**
   * Polls `test` (which calls MPI_Test/MPI_Improbe and returns true when
   * done) until it succeeds or the wait bound passes.
   */
  async poll(what: string, test: () => boolean): Promise<void> {
    if (!this.#threadCall && test()) return;
    const deadline = performance.now() + this.timeoutMs;
    let delay = 0;
    while (true) {
      if (this.#threadCall) await this.idle();
      const spinUntil = performance.now() + SPIN_MS;
      do {
        if (test()) return;
      } while (performance.now() < spinUntil);
      if (performance.now() > deadline) {
        throw new SpmdTimeoutError(
          `${what} on rank ${this.rank} timed out after ${this.timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(MAX_POLL_DELAY_MS, delay + 0.25);
    }
  }

  /** Waits for a request (8-byte MPI_Request cell) to complete. */
  async waitRequest(
    what: string,
    request: Uint8Array,
    status: Uint8Array = offHeap(STATUS_BYTES),
  ): Promise<void> {
    const flag = new Int32Array(1);
    try {
      await this.poll(what, () => {
        this.check(
          "MPI_Test",
          this.lib.symbols.MPI_Test(request, flag, status),
        );
        return flag[0] !== 0;
      });
    } catch (error) {
      if (error instanceof SpmdTimeoutError) {
        this.lib.symbols.MPI_Cancel(request);
        this.lib.symbols.MPI_Request_free(request);
      }
      throw error;
    }
  }

  /** Stops the whole job with `code` (never returns normally). */
  abort(code: number): void {
    this.lib.symbols.MPI_Abort(this.lib.handles.COMM_WORLD, code);
  }

  /** MPI_Finalize (idempotent). */
  async finalize(): Promise<void> {
    if (this.#finalized) return;
    await this.idle();
    this.#finalized = true;
    this.check("MPI_Finalize", this.lib.symbols.MPI_Finalize());
    this.lib.close();
  }
}
