/**
 * The MPI backend's communicator over {@linkcode MpiRuntime}.
 *
 * @module
 */

import {
  ANY_SOURCE,
  ANY_TAG,
  type Communicator,
  type Received,
  type ReduceOp,
} from "../communicator.ts";
import {
  checkReduceOp,
  decodeValue,
  encodeValue,
  reduceOperand,
} from "../codec.ts";
import { checkRank, checkTag } from "../errors.ts";
import { STATUS_BYTES, STATUS_SOURCE, STATUS_TAG } from "./ffi.ts";
import { type MpiRuntime, offHeap } from "./runtime.ts";

const OPS = { sum: "SUM", min: "MIN", max: "MAX", prod: "PROD" } as const;

function int32(values: number[]): Int32Array<ArrayBuffer> {
  const array = new Int32Array(new ArrayBuffer(values.length * 4));
  array.set(values);
  return array;
}

function statusView(status: Uint8Array): DataView {
  return new DataView(status.buffer, status.byteOffset, status.byteLength);
}

/**
 * A {@linkcode Communicator} whose ranks are the processes of an Open MPI
 * job (MPI_COMM_WORLD). Bytes go as MPI_BYTE, structured values as UTF-8
 * JSON bytes, reductions as MPI_DOUBLE with MPI_SUM/MIN/MAX/PROD — so ranks
 * written with mpi4py's buffer API (`Send`, `Recv`, `Reduce`, `Allreduce`)
 * can share the job. Receives use MPI_Iprobe + MPI_Irecv: the message's
 * size is known before its buffer is allocated (exact size, any length).
 */
export class MpiCommunicator implements Communicator {
  readonly rank: number;
  readonly size: number;
  readonly backend = "mpi" as const;
  readonly #mpi: MpiRuntime;

  constructor(runtime: MpiRuntime) {
    this.#mpi = runtime;
    this.rank = runtime.rank;
    this.size = runtime.size;
  }

  get #world() {
    return this.#mpi.lib.handles.COMM_WORLD;
  }

  async sendBytes(data: Uint8Array, dest: number, tag = 0): Promise<void> {
    if (!(data instanceof Uint8Array)) {
      throw new TypeError("sendBytes expects a Uint8Array");
    }
    checkRank(dest, this.size, "destination");
    checkTag(tag);
    const { symbols, handles } = this.#mpi.lib;
    // MPI keeps a raw pointer until the send completes. V8 may move typed
    // arrays of up to 64 bytes that live on its heap, so those are copied
    // off-heap; larger ones already live off-heap (touching .buffer makes
    // sure) and are sent in place, avoiding a copy of big messages.
    let buffer: Uint8Array = data;
    if (data.byteLength <= 64) {
      buffer = offHeap(data.length);
      buffer.set(data);
    } else {
      void data.buffer;
    }
    const request = offHeap(8);
    if (this.#mpi.busy) await this.#mpi.idle();
    this.#mpi.check(
      "MPI_Isend",
      symbols.MPI_Isend(
        buffer,
        buffer.length,
        handles.BYTE,
        dest,
        tag,
        this.#world,
        request,
      ),
    );
    await this.#mpi.waitRequest(`Send to rank ${dest}`, request);
  }

  async recvBytes(
    source = ANY_SOURCE,
    tag = ANY_TAG,
  ): Promise<Received<Uint8Array>> {
    checkRank(source, this.size, "source", true);
    checkTag(tag, true);
    const { symbols, handles } = this.#mpi.lib;
    const flag = new Int32Array(1);
    const status = offHeap(STATUS_BYTES);
    const count = new Int32Array(1);
    const request = offHeap(8);
    let data = offHeap(0);
    let actualSource = -1;
    let actualTag = -1;
    // Probe, then post the receive for exactly that message in the same
    // synchronous step: no other receive of this rank can run in between,
    // and MPI matches a posted receive against arrived messages in order,
    // so the receive takes the probed message (MPI_Improbe would give the
    // same guarantee but is much slower for large messages in Open MPI 4.1).
    await this.#mpi.poll(`Receive (source ${source}, tag ${tag})`, () => {
      this.#mpi.check(
        "MPI_Iprobe",
        symbols.MPI_Iprobe(source, tag, this.#world, flag, status),
      );
      if (flag[0] === 0) return false;
      this.#mpi.check(
        "MPI_Get_count",
        symbols.MPI_Get_count(status, handles.BYTE, count),
      );
      const view = statusView(status);
      actualSource = view.getInt32(STATUS_SOURCE, true);
      actualTag = view.getInt32(STATUS_TAG, true);
      data = offHeap(count[0]);
      this.#mpi.check(
        "MPI_Irecv",
        symbols.MPI_Irecv(
          data,
          count[0],
          handles.BYTE,
          actualSource,
          actualTag,
          this.#world,
          request,
        ),
      );
      return true;
    });
    await this.#mpi.waitRequest(`Receive from rank ${actualSource}`, request);
    return { data, source: actualSource, tag: actualTag };
  }

  async send(value: unknown, dest: number, tag = 0): Promise<void> {
    await this.sendBytes(encodeValue(value), dest, tag);
  }

  async recv<T = unknown>(
    source = ANY_SOURCE,
    tag = ANY_TAG,
  ): Promise<Received<T>> {
    const message = await this.recvBytes(source, tag);
    return { ...message, data: decodeValue<T>(message.data) };
  }

  async barrier(): Promise<void> {
    const { symbols } = this.#mpi.lib;
    await this.#mpi.onThread(
      "MPI_Barrier",
      () => symbols.MPI_Barrier(this.#world),
    );
  }

  /** Broadcasts bytes: first their length (int32), then the bytes. */
  async #bcastBytes(
    bytes: Uint8Array | null,
    root: number,
  ): Promise<Uint8Array> {
    const { symbols, handles } = this.#mpi.lib;
    const length = int32([bytes?.length ?? 0]);
    await this.#mpi.onThread(
      "MPI_Bcast",
      () => symbols.MPI_Bcast(length, 1, handles.INT, root, this.#world),
    );
    const buffer = offHeap(length[0]);
    if (bytes) buffer.set(bytes);
    if (length[0] > 0) {
      await this.#mpi.onThread(
        "MPI_Bcast",
        () =>
          symbols.MPI_Bcast(buffer, length[0], handles.BYTE, root, this.#world),
      );
    }
    return buffer;
  }

  async bcast<T>(value: T | undefined, root = 0): Promise<T> {
    checkRank(root, this.size, "root");
    const mine = this.rank === root ? encodeValue(value ?? null) : null;
    return decodeValue<T>(await this.#bcastBytes(mine, root));
  }

  async scatter<T>(values: readonly T[] | undefined, root = 0): Promise<T> {
    checkRank(root, this.size, "root");
    const { symbols, handles } = this.#mpi.lib;
    let counts = int32([]);
    let displacements = int32([]);
    let payload = offHeap(0);
    if (this.rank === root) {
      if (!Array.isArray(values) || values.length !== this.size) {
        throw new RangeError(`Scatter root needs exactly ${this.size} values`);
      }
      const parts = values.map((v) => encodeValue(v ?? null));
      counts = int32(parts.map((p) => p.length));
      let offset = 0;
      displacements = int32(parts.map((p) => (offset += p.length) - p.length));
      payload = offHeap(offset);
      parts.forEach((p, i) => payload.set(p, displacements[i]));
    }
    const mine = int32([0]);
    await this.#mpi.onThread("MPI_Scatter", () =>
      symbols.MPI_Scatter(
        counts,
        1,
        handles.INT,
        mine,
        1,
        handles.INT,
        root,
        this.#world,
      ));
    const buffer = offHeap(mine[0]);
    await this.#mpi.onThread("MPI_Scatterv", () =>
      symbols.MPI_Scatterv(
        payload,
        counts,
        displacements,
        handles.BYTE,
        buffer,
        mine[0],
        handles.BYTE,
        root,
        this.#world,
      ));
    return decodeValue<T>(buffer);
  }

  async gather<T>(value: T, root = 0): Promise<T[] | null> {
    checkRank(root, this.size, "root");
    const { symbols, handles } = this.#mpi.lib;
    const bytes = encodeValue(value ?? null);
    const mine = offHeap(bytes.length);
    mine.set(bytes);
    const isRoot = this.rank === root;
    const counts = int32(new Array(isRoot ? this.size : 0).fill(0));
    await this.#mpi.onThread("MPI_Gather", () =>
      symbols.MPI_Gather(
        int32([mine.length]),
        1,
        handles.INT,
        counts,
        1,
        handles.INT,
        root,
        this.#world,
      ));
    let offset = 0;
    const displacements = int32([...counts].map((c) => (offset += c) - c));
    const all = offHeap(offset);
    await this.#mpi.onThread("MPI_Gatherv", () =>
      symbols.MPI_Gatherv(
        mine,
        mine.length,
        handles.BYTE,
        all,
        counts,
        displacements,
        handles.BYTE,
        root,
        this.#world,
      ));
    if (!isRoot) return null;
    return [...counts].map((count, i) =>
      decodeValue<T>(all.subarray(displacements[i], displacements[i] + count))
    );
  }

  async #reduceDoubles(
    value: number | readonly number[],
    op: ReduceOp,
    root: number | "all",
  ): Promise<number | number[] | null> {
    checkReduceOp(op);
    const operand = reduceOperand(value);
    const { symbols, handles } = this.#mpi.lib;
    const send = new Float64Array(new ArrayBuffer(operand.length * 8));
    send.set(operand);
    const result = new Float64Array(new ArrayBuffer(operand.length * 8));
    const opHandle = handles[OPS[op]];
    if (root === "all") {
      await this.#mpi.onThread("MPI_Allreduce", () =>
        symbols.MPI_Allreduce(
          send,
          result,
          operand.length,
          handles.DOUBLE,
          opHandle,
          this.#world,
        ));
    } else {
      checkRank(root, this.size, "root");
      await this.#mpi.onThread("MPI_Reduce", () =>
        symbols.MPI_Reduce(
          send,
          result,
          operand.length,
          handles.DOUBLE,
          opHandle,
          root,
          this.#world,
        ));
      if (this.rank !== root) return null;
    }
    return typeof value === "number" ? result[0] : [...result];
  }

  reduce(value: number, op: ReduceOp, root?: number): Promise<number | null>;
  reduce(
    value: readonly number[],
    op: ReduceOp,
    root?: number,
  ): Promise<number[] | null>;
  reduce(
    value: number | readonly number[],
    op: ReduceOp,
    root = 0,
  ): Promise<number | number[] | null> {
    return this.#reduceDoubles(value, op, root);
  }

  allreduce(value: number, op: ReduceOp): Promise<number>;
  allreduce(value: readonly number[], op: ReduceOp): Promise<number[]>;
  async allreduce(
    value: number | readonly number[],
    op: ReduceOp,
  ): Promise<number | number[]> {
    return (await this.#reduceDoubles(value, op, "all"))!;
  }
}
