/**
 * Open MPI's C API (libmpi.so.40) through Deno FFI.
 *
 * Handles such as MPI_COMM_WORLD are, in Open MPI's mpi.h, the addresses of
 * predefined global objects (`&ompi_mpi_comm_world`), so they are looked up
 * with libc's dlsym. libmpi is first opened with RTLD_GLOBAL so Open MPI's
 * own plugins (dlopen'ed by MPI_Init) resolve its symbols.
 *
 * @module
 */

/** Where Debian's Open MPI 4.1 puts its library (override: KIT_LIBMPI). */
export const DEFAULT_LIBMPI = "libmpi.so.40";

const RTLD_NOW = 2;
const RTLD_GLOBAL = 0x100;

/** Byte size of `struct ompi_status_public_t` (Open MPI 4.1, LP64): five fields
 * MPI_SOURCE, MPI_TAG, MPI_ERROR, _cancelled (int each) then _ucount (size_t). */
export const STATUS_BYTES = 24;
/** Offsets of the public fields of MPI_Status. */
export const STATUS_SOURCE = 0;
/** Offset of MPI_TAG in MPI_Status. */
export const STATUS_TAG = 4;
/** Offset of MPI_ERROR in MPI_Status. */
export const STATUS_ERROR = 8;

/** MPI_THREAD_SERIALIZED (enum value in mpi.h). */
export const MPI_THREAD_SERIALIZED = 2;
/** MPI_MAX_ERROR_STRING in Open MPI. */
export const MPI_MAX_ERROR_STRING = 256;

const P = "pointer" as const;
const B = "buffer" as const;
const I = "i32" as const;

/** Calls that finish at once: run on the JS thread. */
const immediate = {
  MPI_Init_thread: { parameters: [P, P, I, B], result: I },
  MPI_Initialized: { parameters: [B], result: I },
  MPI_Finalized: { parameters: [B], result: I },
  MPI_Finalize: { parameters: [], result: I },
  MPI_Abort: { parameters: [P, I], result: I },
  MPI_Comm_rank: { parameters: [P, B], result: I },
  MPI_Comm_size: { parameters: [P, B], result: I },
  MPI_Comm_set_errhandler: { parameters: [P, P], result: I },
  MPI_Error_string: { parameters: [I, B, B], result: I },
  MPI_Error_class: { parameters: [I, B], result: I },
  MPI_Isend: { parameters: [B, I, P, I, I, P, B], result: I },
  MPI_Test: { parameters: [B, B, B], result: I },
  MPI_Cancel: { parameters: [B], result: I },
  MPI_Request_free: { parameters: [B], result: I },
  MPI_Improbe: { parameters: [I, I, P, B, B, B], result: I },
  MPI_Imrecv: { parameters: [B, I, P, B, B], result: I },
  MPI_Iprobe: { parameters: [I, I, P, B, B], result: I },
  MPI_Irecv: { parameters: [B, I, P, I, I, P, B], result: I },
  MPI_Get_count: { parameters: [B, P, B], result: I },
  MPI_Wtime: { parameters: [], result: "f64" },
  // Blocking point-to-point, used only by the FFI-overhead benchmark.
  MPI_Send: { parameters: [B, I, P, I, I, P], result: I },
  MPI_Recv: { parameters: [B, I, P, I, I, P, B], result: I },
} as const;

/** Collectives block until every rank joins: run on a helper thread. */
const threaded = {
  MPI_Barrier: { parameters: [P], result: I, nonblocking: true },
  MPI_Bcast: { parameters: [B, I, P, I, P], result: I, nonblocking: true },
  MPI_Gather: {
    parameters: [B, I, P, B, I, P, I, P],
    result: I,
    nonblocking: true,
  },
  MPI_Gatherv: {
    parameters: [B, I, P, B, B, B, P, I, P],
    result: I,
    nonblocking: true,
  },
  MPI_Scatter: {
    parameters: [B, I, P, B, I, P, I, P],
    result: I,
    nonblocking: true,
  },
  MPI_Scatterv: {
    parameters: [B, B, B, P, B, I, P, I, P],
    result: I,
    nonblocking: true,
  },
  MPI_Reduce: {
    parameters: [B, B, I, P, P, I, P],
    result: I,
    nonblocking: true,
  },
  MPI_Allreduce: {
    parameters: [B, B, I, P, P, P],
    result: I,
    nonblocking: true,
  },
} as const;

/** The predefined handles the kit uses, by C name → Open MPI symbol. */
const HANDLE_SYMBOLS = {
  COMM_WORLD: "ompi_mpi_comm_world",
  BYTE: "ompi_mpi_byte",
  INT: "ompi_mpi_int",
  INT64: "ompi_mpi_long",
  DOUBLE: "ompi_mpi_double",
  SUM: "ompi_mpi_op_sum",
  MIN: "ompi_mpi_op_min",
  MAX: "ompi_mpi_op_max",
  PROD: "ompi_mpi_op_prod",
  ERRORS_RETURN: "ompi_mpi_errors_return",
} as const;

/** Names of the predefined handles. */
export type MpiHandleName = keyof typeof HANDLE_SYMBOLS;

/** The loaded library: its functions and the predefined handles. */
export interface MpiLibrary {
  symbols: Deno.DynamicLibrary<typeof immediate & typeof threaded>["symbols"];
  handles: Record<MpiHandleName, Deno.PointerObject>;
  close(): void;
}

function cString(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${text}\0`);
}

/**
 * Opens libmpi and resolves the predefined handles. Throws a TypeError
 * naming the library when Open MPI is not installed.
 *
 * @example Handles are non-null pointers (skipped when Open MPI is absent)
 * ```ts
 * import { assert } from "@std/assert";
 * import { openMpiLibrary } from "./ffi.ts";
 *
 * let library;
 * try {
 *   library = openMpiLibrary();
 * } catch {
 *   console.warn("Open MPI absent: example skipped");
 * }
 * if (library) {
 *   assert(library.handles.COMM_WORLD !== null);
 *   library.close();
 * }
 * ```
 */
export function openMpiLibrary(path?: string): MpiLibrary {
  let libraryPath = path ?? DEFAULT_LIBMPI;
  try {
    libraryPath = path ?? Deno.env.get("KIT_LIBMPI") ?? DEFAULT_LIBMPI;
  } catch { /* no env permission: keep the default */ }
  const libc = Deno.dlopen("libc.so.6", {
    dlopen: { parameters: [B, I], result: P },
    dlsym: { parameters: [P, B], result: P },
    dlerror: { parameters: [], result: P },
  });
  try {
    const global = libc.symbols.dlopen(
      cString(libraryPath),
      RTLD_NOW | RTLD_GLOBAL,
    );
    if (global === null) {
      const reason = libc.symbols.dlerror();
      throw new TypeError(
        `No se pudo cargar ${libraryPath} (¿está instalado Open MPI? apt-get install openmpi-bin libopenmpi-dev): ${
          reason
            ? Deno.UnsafePointerView.getCString(reason)
            : "error desconocido"
        }`,
      );
    }
    const handles = {} as Record<MpiHandleName, Deno.PointerObject>;
    for (const [name, symbol] of Object.entries(HANDLE_SYMBOLS)) {
      const address = libc.symbols.dlsym(global, cString(symbol));
      if (address === null) {
        throw new TypeError(
          `No se encontró el símbolo ${symbol} en ${libraryPath}`,
        );
      }
      handles[name as MpiHandleName] = address;
    }
    const library = Deno.dlopen(libraryPath, { ...immediate, ...threaded });
    return { symbols: library.symbols, handles, close: () => library.close() };
  } finally {
    libc.close();
  }
}
