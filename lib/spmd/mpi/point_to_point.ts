/**
 * Point-to-point bytes over MPI, with fast paths that finish synchronously.
 *
 * @module
 */

import type { Received } from "../communicator.ts";
import { STATUS_SOURCE, STATUS_TAG } from "./ffi.ts";
import { type MpiRuntime, offHeap } from "./runtime.ts";

/**
 * Typed arrays up to this size may live on V8's heap, where the garbage
 * collector can move them; MPI keeps raw pointers to pending buffers, so such
 * small messages go through off-heap scratch memory instead.
 */
const ON_HEAP_MAX = 64;
const RESOLVED = Promise.resolve();
/** Does nothing with `value`; a closure that calls it keeps `value` alive. */
function retain(_value: unknown): void {}
const EMPTY = offHeap(0);

/** What a started receive learned, kept past an await. */
interface Matched {
  length: number;
  source: number;
  tag: number;
  buffer: Uint8Array;
  pending: Uint8Array | null;
}

/**
 * Sends and receives bytes for one {@linkcode MpiRuntime}. It exists to make
 * the common case cheap: an eager send completes inside its first MPI_Test,
 * and a receive whose message arrives within a millisecond is matched,
 * received and returned without yielding — no promise per poll, no
 * allocation beyond the result. Small messages use off-heap scratch buffers;
 * an operation that has to wait takes its scratch buffer and request with
 * it (ownership moves to the pending operation), so nothing a pending MPI
 * call points to is ever reused.
 *
 * @example A one-rank job that sends to itself (skipped without Open MPI)
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { denoRankCommand, mpiexecAvailable, runMpiJob } from "./launch.ts";
 *
 * if (await mpiexecAvailable()) {
 *   const here = (file: string) => new URL(file, import.meta.url).href;
 *   const dir = await Deno.makeTempDir({ prefix: "kit-p2p-" });
 *   try {
 *     await Deno.writeTextFile(`${dir}/rank.ts`, `
 *       import { MpiRuntime } from "${here("./runtime.ts")}";
 *       import { MpiPointToPoint } from "${here("./point_to_point.ts")}";
 *       const mpi = MpiRuntime.init(20_000);
 *       const p2p = new MpiPointToPoint(mpi);
 *       const sent = p2p.send(new Uint8Array([1, 2, 3]), 0, 7);
 *       const { data, source, tag } = await p2p.receive(0, 7);
 *       await sent;
 *       console.log(JSON.stringify({ data: [...data], source, tag }));
 *       await mpi.finalize();
 *     `);
 *     const job = await runMpiJob(
 *       [{ ranks: 1, command: denoRankCommand(`${dir}/rank.ts`) }],
 *       { timeoutMs: 30_000 },
 *     );
 *     assertEquals(JSON.parse(job.stdout), { data: [1, 2, 3], source: 0, tag: 7 });
 *   } finally {
 *     await Deno.remove(dir, { recursive: true });
 *   }
 * }
 * ```
 */
export class MpiPointToPoint {
  readonly #mpi: MpiRuntime;
  readonly #status: Int32Array;
  #smallSend: Uint8Array<ArrayBuffer> = offHeap(ON_HEAP_MAX);
  #smallReceive: Uint8Array<ArrayBuffer> = offHeap(ON_HEAP_MAX);
  /** The last receive #start matched; read synchronously right after. */
  readonly #matched: Matched = {
    length: 0,
    source: -1,
    tag: -1,
    buffer: EMPTY,
    pending: null,
  };

  constructor(runtime: MpiRuntime) {
    this.#mpi = runtime;
    this.#status = new Int32Array(runtime.status.buffer);
  }

  /**
   * MPI_Isend of `data` to `dest`; resolves when MPI no longer needs the
   * bytes. Large buffers are sent in place (no copy). Arguments are checked
   * by the caller.
   */
  send(data: Uint8Array, dest: number, tag: number): Promise<void> {
    const mpi = this.#mpi;
    if (mpi.busy) return mpi.idle().then(() => this.send(data, dest, tag));
    let buffer: Uint8Array = data;
    if (data.byteLength <= ON_HEAP_MAX) {
      buffer = this.#smallSend;
      buffer.set(data);
    } else {
      void data.buffer; // materializes the bytes off-heap, where they stay put
    }
    const { symbols, handles } = mpi.lib;
    mpi.check(
      "MPI_Isend",
      symbols.MPI_Isend(
        buffer,
        data.length,
        handles.BYTE,
        dest,
        tag,
        handles.COMM_WORLD,
        mpi.request,
      ),
    );
    if (mpi.testOnce(mpi.request)) return RESOLVED;
    if (buffer === this.#smallSend) this.#smallSend = offHeap(ON_HEAP_MAX);
    // MPI reads `buffer` until the request completes, but nothing else may
    // hold it (`send(pattern(n), …)`): this closure keeps it from the GC,
    // which could otherwise free (and unmap) it mid-transfer.
    return mpi.waitRequest(`el envío al rank ${dest}`, mpi.detachRequest())
      .finally(() => retain(buffer));
  }

  /**
   * Receives one message matching `source`/`tag` (wildcards allowed). With
   * `into`, the bytes land in the caller's buffer (like mpi4py's `Recv(buf)`)
   * and `data` is a view of it; a message larger than `into` is a
   * RangeError and stays queued. Without `into`, a buffer of exactly the
   * message's size is allocated and handed over. Arguments are checked by
   * the caller.
   */
  receive(
    source: number,
    tag: number,
    into?: Uint8Array,
  ): Promise<Received<Uint8Array>> {
    try {
      if (!this.#mpi.busy) {
        // The first spin of the runtime's wait policy, done before any
        // promise exists, so a message that is nearly there costs none.
        const until = performance.now() + this.#mpi.waitPolicy.yieldEveryMs;
        do {
          if (this.#start(source, tag, into)) {
            const matched = this.#matched;
            return matched.pending
              ? this.#finishLater({ ...matched }, into)
              : Promise.resolve(this.#result(matched, into));
          }
        } while (performance.now() < until);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#receiveLater(source, tag, into);
  }

  async #receiveLater(
    source: number,
    tag: number,
    into?: Uint8Array,
  ): Promise<Received<Uint8Array>> {
    let matched: Matched | null = null;
    await this.#mpi.poll(
      `la recepción (origen ${source}, etiqueta ${tag})`,
      () => {
        if (!this.#start(source, tag, into)) return false;
        matched = { ...this.#matched };
        return true;
      },
    );
    const m: Matched = matched!;
    return m.pending ? await this.#finishLater(m, into) : this.#result(m, into);
  }

  /**
   * MPI_Iprobe learns the size and envelope; MPI_Irecv for exactly that
   * source and tag is posted in the same synchronous step, so no other
   * receive of this rank can take the message in between (MPI matches
   * posted receives in arrival order). True when a message was matched.
   */
  #start(source: number, tag: number, into?: Uint8Array): boolean {
    const mpi = this.#mpi;
    const { symbols, handles } = mpi.lib;
    const world = handles.COMM_WORLD;
    mpi.check(
      "MPI_Iprobe",
      symbols.MPI_Iprobe(source, tag, world, mpi.flag, mpi.status),
    );
    if (mpi.flag[0] === 0) return false;
    mpi.check(
      "MPI_Get_count",
      symbols.MPI_Get_count(mpi.status, handles.BYTE, mpi.count),
    );
    const m = this.#matched;
    m.length = mpi.count[0];
    m.source = this.#status[STATUS_SOURCE / 4];
    m.tag = this.#status[STATUS_TAG / 4];
    m.pending = null;
    if (!into) m.buffer = offHeap(m.length);
    else if (m.length > into.length) {
      throw new RangeError(
        `Un mensaje de ${m.length} bytes del rank ${m.source} (etiqueta ${m.tag}) no cabe en un búfer de ${into.length} bytes`,
      );
    } else if (into.byteLength <= ON_HEAP_MAX) m.buffer = this.#smallReceive;
    else {
      void into.buffer;
      m.buffer = into;
    }
    mpi.check(
      "MPI_Irecv",
      symbols.MPI_Irecv(
        m.buffer,
        m.length,
        handles.BYTE,
        m.source,
        m.tag,
        world,
        mpi.request,
      ),
    );
    if (!mpi.testOnce(mpi.request)) {
      if (m.buffer === this.#smallReceive) {
        this.#smallReceive = offHeap(ON_HEAP_MAX);
      }
      m.pending = mpi.detachRequest();
    }
    return true;
  }

  async #finishLater(
    m: Matched,
    into?: Uint8Array,
  ): Promise<Received<Uint8Array>> {
    // The message is matched and moving: poll hot until it is complete.
    await this.#mpi.waitRequest(
      `la recepción desde el rank ${m.source}`,
      m.pending!,
      {
        hot: true,
      },
    );
    return this.#result(m, into);
  }

  #result(m: Matched, into?: Uint8Array): Received<Uint8Array> {
    if (!into) return { data: m.buffer, source: m.source, tag: m.tag };
    if (m.buffer !== into) into.set(m.buffer.subarray(0, m.length));
    const data = m.length === into.length ? into : into.subarray(0, m.length);
    return { data, source: m.source, tag: m.tag };
  }
}
