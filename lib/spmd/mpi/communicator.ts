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
import { decodeValue, encodeValue } from "../codec.ts";
import { checkRank, checkTag } from "../errors.ts";
import {
  mpiBcast,
  mpiGather,
  mpiReduceNumbers,
  mpiScatter,
} from "./collectives.ts";
import { MpiPointToPoint } from "./point_to_point.ts";
import type { MpiRuntime } from "./runtime.ts";

/**
 * A {@linkcode Communicator} whose ranks are the processes of an Open MPI
 * job (MPI_COMM_WORLD). Bytes go as MPI_BYTE, structured values as UTF-8
 * JSON bytes, reductions as MPI_DOUBLE with MPI_SUM/MIN/MAX/PROD — so ranks
 * written with mpi4py's buffer API (`Send`, `Recv`, `Reduce`, `Allreduce`)
 * can share the job. This class checks arguments and delegates: the
 * point-to-point fast paths live in point_to_point.ts, the collectives in
 * collectives.ts.
 *
 * @example A message from rank 0 to rank 1 (needs `mpiexec -n 2 deno run -A file.ts`; see tests/spmd/mpi_test.ts)
 * ```ts ignore
 * import { assertEquals } from "@std/assert";
 * import { MpiCommunicator } from "./communicator.ts";
 * import { MpiRuntime } from "./runtime.ts";
 *
 * const runtime = MpiRuntime.init(10_000);
 * const comm = new MpiCommunicator(runtime);
 * if (comm.rank === 0) await comm.send({ saludo: "waku waku" }, 1);
 * if (comm.rank === 1) {
 *   const { data, source } = await comm.recv<{ saludo: string }>(0);
 *   assertEquals([data.saludo, source], ["waku waku", 0]);
 * }
 * await runtime.finalize();
 * ```
 */
export class MpiCommunicator implements Communicator {
  readonly rank: number;
  readonly size: number;
  readonly backend = "mpi" as const;
  readonly #mpi: MpiRuntime;
  readonly #p2p: MpiPointToPoint;

  constructor(runtime: MpiRuntime) {
    this.#mpi = runtime;
    this.#p2p = new MpiPointToPoint(runtime);
    this.rank = runtime.rank;
    this.size = runtime.size;
  }

  sendBytes(data: Uint8Array, dest: number, tag = 0): Promise<void> {
    try {
      if (!(data instanceof Uint8Array)) {
        throw new TypeError("sendBytes espera un Uint8Array");
      }
      checkRank(dest, this.size, "destination");
      checkTag(tag);
      return this.#p2p.send(data, dest, tag);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  recvBytes(
    source = ANY_SOURCE,
    tag = ANY_TAG,
  ): Promise<Received<Uint8Array>> {
    try {
      checkRank(source, this.size, "source", true);
      checkTag(tag, true);
      return this.#p2p.receive(source, tag);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  recvBytesInto(
    buffer: Uint8Array,
    source = ANY_SOURCE,
    tag = ANY_TAG,
  ): Promise<Received<Uint8Array>> {
    try {
      if (!(buffer instanceof Uint8Array)) {
        throw new TypeError("recvBytesInto espera un Uint8Array");
      }
      checkRank(source, this.size, "source", true);
      checkTag(tag, true);
      return this.#p2p.receive(source, tag, buffer);
    } catch (error) {
      return Promise.reject(error);
    }
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
    const { symbols, handles } = this.#mpi.lib;
    await this.#mpi.onThread(
      "MPI_Barrier",
      () => symbols.MPI_Barrier(handles.COMM_WORLD),
    );
  }

  async bcast<T>(value: T | undefined, root = 0): Promise<T> {
    checkRank(root, this.size, "root");
    return await mpiBcast(this.#mpi, value, root);
  }

  async scatter<T>(values: readonly T[] | undefined, root = 0): Promise<T> {
    checkRank(root, this.size, "root");
    return await mpiScatter(this.#mpi, values, root);
  }

  async gather<T>(value: T, root = 0): Promise<T[] | null> {
    checkRank(root, this.size, "root");
    return await mpiGather(this.#mpi, value, root);
  }

  reduce(value: number, op: ReduceOp, root?: number): Promise<number | null>;
  reduce(
    value: readonly number[],
    op: ReduceOp,
    root?: number,
  ): Promise<number[] | null>;
  async reduce(
    value: number | readonly number[],
    op: ReduceOp,
    root = 0,
  ): Promise<number | number[] | null> {
    checkRank(root, this.size, "root");
    return await mpiReduceNumbers(this.#mpi, value, op, root);
  }

  allreduce(value: number, op: ReduceOp): Promise<number>;
  allreduce(value: readonly number[], op: ReduceOp): Promise<number[]>;
  async allreduce(
    value: number | readonly number[],
    op: ReduceOp,
  ): Promise<number | number[]> {
    return (await mpiReduceNumbers(this.#mpi, value, op, "all"))!;
  }
}
