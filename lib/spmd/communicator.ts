/**
 * The SPMD communicator: one interface, two backends.
 *
 * MPI programs are "single program, multiple data": the same file runs as N
 * ranks that tell themselves apart by `rank`. The kit's programs are written
 * against this interface only, so the same file runs on Workers inside one
 * Deno process (in a notebook cell, `deno task spmd`) and as real Open MPI
 * ranks under `mpiexec` (through FFI), where it can share a job with the
 * class's mpi4py ranks.
 *
 * Semantics follow MPI: messages between one pair of ranks with the same tag
 * are non-overtaking (received in the order sent); `ANY_SOURCE`/`ANY_TAG` are
 * wildcards; collectives must be called by every rank in the same order.
 *
 * @module
 */

/** Wildcard source for receives (MPI_ANY_SOURCE). */
export const ANY_SOURCE = -1;
/** Wildcard tag for receives (MPI_ANY_TAG). */
export const ANY_TAG = -1;

/** Reduction operators on numbers (applied element-wise to arrays). */
export type ReduceOp = "sum" | "min" | "max" | "prod";

/** A received message with its actual source and tag (MPI_Status). */
export interface Received<T> {
  /** The message. */
  data: T;
  /** The rank that sent it. */
  source: number;
  /** The tag it was sent with. */
  tag: number;
}

/** What an SPMD program sees: its rank, the job's size, and how to talk. */
export interface Communicator {
  /** This rank's number, 0..size-1. */
  readonly rank: number;
  /** How many ranks the job has. */
  readonly size: number;
  /** Which backend runs this rank. */
  readonly backend: "workers" | "mpi";
  /** Sends raw bytes (MPI_BYTE) to `dest` with `tag` (default 0). */
  sendBytes(data: Uint8Array, dest: number, tag?: number): Promise<void>;
  /** Receives raw bytes; `source`/`tag` default to the wildcards. */
  recvBytes(source?: number, tag?: number): Promise<Received<Uint8Array>>;
  /**
   * Receives raw bytes into the caller's `buffer` (like mpi4py's
   * `Recv(buf)`): no allocation per message. `data` is the view of `buffer`
   * holding the message; a message larger than `buffer` is a RangeError and
   * stays queued for a later receive.
   */
  recvBytesInto(
    buffer: Uint8Array,
    source?: number,
    tag?: number,
  ): Promise<Received<Uint8Array>>;
  /** Sends a structured value (JSON on the wire). */
  send(value: unknown, dest: number, tag?: number): Promise<void>;
  /** Receives a structured value sent with `send`. */
  recv<T = unknown>(source?: number, tag?: number): Promise<Received<T>>;
  /** Returns once every rank has called it. */
  barrier(): Promise<void>;
  /** Root's value, delivered to every rank. */
  bcast<T>(value: T | undefined, root?: number): Promise<T>;
  /** Root passes `size` values; rank i receives the i-th. */
  scatter<T>(values: readonly T[] | undefined, root?: number): Promise<T>;
  /** Root receives every rank's value in rank order; others receive `null`. */
  gather<T>(value: T, root?: number): Promise<T[] | null>;
  /** Root receives the reduction; others receive `null`. */
  reduce(value: number, op: ReduceOp, root?: number): Promise<number | null>;
  /** Root receives the element-wise reduction; others receive `null`. */
  reduce(
    value: readonly number[],
    op: ReduceOp,
    root?: number,
  ): Promise<number[] | null>;
  /** Every rank receives the reduction. */
  allreduce(value: number, op: ReduceOp): Promise<number>;
  /** Every rank receives the element-wise reduction. */
  allreduce(value: readonly number[], op: ReduceOp): Promise<number[]>;
}

/** An SPMD program: what each rank runs. */
export type SpmdProgram = (comm: Communicator) => void | Promise<void>;
