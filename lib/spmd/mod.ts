/**
 * The SPMD communicator (MPI style): Worker backend, Open MPI backend, the
 * programs' entry point and the measurements.
 *
 * @module
 */

export * from "./communicator.ts";
export { SpmdClosedError, SpmdRankError, SpmdTimeoutError } from "./errors.ts";
export { decodeFloat64s, encodeFloat64s } from "./codec.ts";
export * from "./inline.ts";
export * from "./workers.ts";
export * from "./run.ts";
export * from "./pi.ts";
export { MpiError } from "./mpi/errors.ts";
export * from "./mpi/launch.ts";
export * from "./demos.ts";
