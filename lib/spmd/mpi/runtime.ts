/**
 * The MPI process state: init/finalize, error translation, request polling
 * and the rule that only one thread calls MPI at a time.
 *
 * @module
 */

import { SpmdTimeoutError } from "../errors.ts";
import { MpiError } from "./errors.ts";
import { EventLoopTurns } from "./event_loop_turn.ts";
import { MPI_WAIT, WaitPolicy } from "../../fast/wait_policy.ts";
import {
  MPI_MAX_ERROR_STRING,
  MPI_THREAD_SERIALIZED,
  type MpiLibrary,
  openMpiLibrary,
  STATUS_BYTES,
} from "./ffi.ts";
import { formatNumber } from "../../notebook/number_format.ts";

/**
 * The environment variable that turns {@linkcode MpiInitOptions.keepFreedMemoryWarm}
 * on for every rank of a job (value `1`): the MPI benchmark sets it on the
 * ranks it launches, since `runMpiRank` starts the runtime itself.
 */
export const KEEP_FREED_MEMORY_WARM_ENV = "KIT_MPI_KEEP_FREED_MEMORY_WARM";

/** glibc's mallopt parameters (malloc.h). */
const M_TRIM_THRESHOLD = -1;
const M_MMAP_THRESHOLD = -3;

/**
 * Keeps freed memory mapped in this process, so a receive buffer of a
 * megabyte reuses warm pages instead of mmap'ing fresh ones: on virtual
 * machines a page fault can cost tens of microseconds, and a fresh 1 MiB
 * buffer faults 256 times. It changes glibc's malloc for the whole process
 * (more memory kept, never returned), so only a rank that asks for it gets
 * it. Without glibc (musl) this is skipped silently.
 */
function keepFreedMemoryWarm(): void {
  try {
    const libc = Deno.dlopen("libc.so.6", {
      mallopt: { parameters: ["i32", "i32"], result: "i32" },
    });
    libc.symbols.mallopt(M_MMAP_THRESHOLD, 32 << 20);
    libc.symbols.mallopt(M_TRIM_THRESHOLD, 1 << 30);
    libc.close();
  } catch { /* not glibc: nothing to tune */ }
}

/** Whether the job asked for warm freed memory through the environment. */
function warmMemoryRequested(): boolean {
  try {
    return Deno.env.get(KEEP_FREED_MEMORY_WARM_ENV) === "1";
  } catch {
    return false; // no env permission: not asked
  }
}

/** Options of {@linkcode MpiRuntime.init}. */
export interface MpiInitOptions {
  /**
   * Tune glibc's malloc (`mallopt`) to keep freed memory mapped, for
   * benchmarks of large messages. Process-wide, so off unless asked for
   * (default: whether {@linkcode KEEP_FREED_MEMORY_WARM_ENV} is `1`).
   */
  keepFreedMemoryWarm?: boolean;
}

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

/** Options of {@linkcode MpiRuntime.poll}. */
export interface PollOptions {
  /** A transfer is under way (a matched receive): never back off to sleep. */
  hot?: boolean;
}

/**
 * One process's MPI session. It exists to keep three invariants in one
 * place: every return code is checked (→ {@linkcode MpiError}); waits first
 * try synchronously, then poll MPI_Test on the JS thread in bounded spins
 * with a cheap event-loop turn between them (so timers and I/O keep running
 * and a rendezvous transfer never waits on a sleeping rank); and blocking
 * collectives run on a helper thread (FFI `nonblocking`) one at a time, with
 * the JS thread making no MPI call meanwhile — the MPI_THREAD_SERIALIZED
 * contract. It also owns scratch cells (request, status, flag, count) that
 * calls completing synchronously share, so the common case allocates none.
 */
export class MpiRuntime {
  readonly lib: MpiLibrary;
  readonly rank: number;
  readonly size: number;
  readonly timeoutMs: number;
  /** How every wait of this rank spins and sleeps (numbers: `MPI_WAIT`). */
  readonly waitPolicy: WaitPolicy = new WaitPolicy(MPI_WAIT);
  /** Request cell for operations that may complete at once. */
  readonly request: Uint8Array<ArrayBuffer> = offHeap(8);
  /** Status cell filled by MPI_Iprobe / MPI_Test. */
  readonly status: Uint8Array<ArrayBuffer> = offHeap(STATUS_BYTES);
  /** Flag and count cells (int). */
  readonly flag: Int32Array<ArrayBuffer> = new Int32Array(new ArrayBuffer(4));
  readonly count: Int32Array<ArrayBuffer> = new Int32Array(new ArrayBuffer(4));
  readonly #turns = new EventLoopTurns();
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
        `Open MPI ofrece el nivel de hilos ${
          provided[0]
        }; el kit necesita MPI_THREAD_SERIALIZED`,
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

  /**
   * MPI_Init for this process (once); `timeoutMs` bounds every wait. Leaves
   * malloc alone unless `keepFreedMemoryWarm` (or its environment variable)
   * asks otherwise.
   */
  static init(timeoutMs = 120_000, options: MpiInitOptions = {}): MpiRuntime {
    if (options.keepFreedMemoryWarm ?? warmMemoryRequested()) {
      keepFreedMemoryWarm();
    }
    return new MpiRuntime(openMpiLibrary(), timeoutMs);
  }

  /** Throws an MpiError with MPI's text when `code` is not MPI_SUCCESS. */
  check(call: string, code: number): void {
    if (code === 0) return;
    const text = offHeap(MPI_MAX_ERROR_STRING);
    const length = new Int32Array(1);
    const errorClass = new Int32Array(1);
    let mpiText = `error MPI desconocido (código ${code})`;
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

  /** MPI_Test once on `request`; true when it completed. */
  testOnce(request: Uint8Array): boolean {
    this.check(
      "MPI_Test",
      this.lib.symbols.MPI_Test(request, this.flag, this.status),
    );
    return this.flag[0] !== 0;
  }

  /**
   * Moves the pending request out of the shared {@linkcode MpiRuntime.request}
   * cell into a cell of its own (MPI handles are values), so an operation
   * that has to wait asynchronously does not block the scratch cell.
   */
  detachRequest(): Uint8Array<ArrayBuffer> {
    const own = offHeap(8);
    own.set(this.request);
    return own;
  }

  /**
   * Calls `test` (MPI_Test/MPI_Iprobe…, true when done) until it succeeds or
   * the wait bound passes, following {@linkcode MpiRuntime.waitPolicy}: at
   * once, then hot for the policy's spin budget — spins of `yieldEveryMs`
   * with an event-loop turn between them — and after that (unless `hot`)
   * cold: a sleep of `sleepSliceMs`, a spin of `wakeSpinMs`, and again, so
   * a long wait does not hog a core.
   */
  async poll(
    what: string,
    test: () => boolean,
    options: PollOptions = {},
  ): Promise<void> {
    if (!this.#threadCall && test()) return;
    const policy = this.waitPolicy;
    const started = performance.now();
    const deadline = started + this.timeoutMs;
    const hotUntil = started + policy.next();
    // The channel behind event-loop turns is taken only once a wait
    // outlasts its first spin: most waits end inside it, at no cost.
    let turning = false;
    let caught = false;
    try {
      while (true) {
        if (this.#threadCall) await this.idle();
        const now = performance.now();
        const cold = !options.hot && now > hotUntil;
        const spinUntil = now +
          (cold ? policy.wakeSpinMs : policy.yieldEveryMs);
        do {
          if (test()) {
            caught = !cold;
            return;
          }
        } while (performance.now() < spinUntil);
        if (performance.now() > deadline) {
          throw new SpmdTimeoutError(
            `Se agotó el plazo de ${
              formatNumber(this.timeoutMs)
            } ms en ${what} (rank ${this.rank})`,
          );
        }
        if (cold) {
          await new Promise((wake) => setTimeout(wake, policy.sleepSliceMs));
        } else {
          if (!turning) this.#turns.acquire();
          turning = true;
          await this.#turns.next();
        }
      }
    } finally {
      if (turning) this.#turns.release();
      if (caught) policy.caught();
      else policy.missed(performance.now() - started);
    }
  }

  /** Waits for a request (its own 8-byte MPI_Request cell) to complete. */
  async waitRequest(
    what: string,
    request: Uint8Array,
    options: PollOptions = {},
  ): Promise<void> {
    try {
      await this.poll(what, () => this.testOnce(request), options);
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
