/**
 * MPI error codes as typed errors.
 *
 * @module
 */

/**
 * An MPI call returned an error code (the communicator uses
 * MPI_ERRORS_RETURN, so errors come back instead of aborting the job). It
 * carries the call, the code, its error class and MPI's own text from
 * MPI_Error_string, so a learner sees e.g. "MPI_ERR_RANK: invalid rank".
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { MpiError } from "./errors.ts";
 *
 * const error = new MpiError("MPI_Send", 6, 6, "MPI_ERR_RANK: invalid rank");
 * assertEquals(error.message, "MPI_Send falló (código 6): MPI_ERR_RANK: invalid rank");
 * assertEquals(error.code, 6);
 * ```
 */
export class MpiError extends Error {
  /** The MPI function that failed. */
  readonly call: string;
  /** The error code it returned. */
  readonly code: number;
  /** MPI_Error_class of the code. */
  readonly errorClass: number;
  /** MPI_Error_string of the code. */
  readonly mpiText: string;
  constructor(call: string, code: number, errorClass: number, mpiText: string) {
    super(`${call} falló (código ${code}): ${mpiText}`);
    this.name = "MpiError";
    this.call = call;
    this.code = code;
    this.errorClass = errorClass;
    this.mpiText = mpiText;
  }
}
