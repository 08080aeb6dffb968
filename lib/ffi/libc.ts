/**
 * Shared plumbing for the kit's libc bindings through FFI (POSIX shared
 * memory in lib/shm, POSIX message queues in lib/mq): open the library once
 * per process with reference counting, and turn a failed call's `errno` into
 * a readable, typed error.
 *
 * Every binding made here also gets `__errno_location` and `strerror`, so
 * errno can be read and explained without a second `dlopen`. errno is
 * thread-local: read it with {@linkcode lastErrno} right after a failed
 * *synchronous* call. A `nonblocking` symbol runs on a helper thread, whose
 * errno the main thread cannot see.
 *
 * This folder knows libc, not the kit's areas: a failed call here is a
 * generic {@linkcode ErrnoError} (or a {@linkcode LibcUnsupportedError} off
 * Linux), which each area (lib/mq, lib/shm) turns into its own typed error.
 *
 * @module
 */

const ERRNO_SYMBOLS = {
  __errno_location: { parameters: [], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
} as const;

/** The symbols every binding has: errno's address and its text. */
export type ErrnoSymbols = Deno.StaticForeignLibraryInterface<
  typeof ERRNO_SYMBOLS
>;

/** A binding's opened symbols: the requested ones plus {@linkcode ErrnoSymbols}. */
export type LibcSymbols<S extends Deno.ForeignLibraryInterface> =
  Deno.StaticForeignLibraryInterface<S & typeof ERRNO_SYMBOLS>;

/**
 * One lazily opened, reference-counted libc binding. Exists because the test
 * sanitizer wants every `dlopen` closed, while several objects (regions,
 * queues) of one process share the library: the last release closes it.
 */
export interface LibcBinding<S extends Deno.ForeignLibraryInterface> {
  /** Opens (first call) and returns the symbols; pair with `release`. */
  acquire(): LibcSymbols<S>;
  /** Releases one `acquire`; the last one closes the library. */
  release(): void;
  /** How many acquires are outstanding. */
  readonly users: number;
}

/** Options of {@linkcode libcBinding}. */
export interface LibcBindingOptions<S extends Deno.ForeignLibraryInterface> {
  /** The symbols to open, as `Deno.dlopen` takes them. */
  symbols: S;
  /** The error to throw off Linux (the only platform the kit checked). */
  unsupported: (os: string) => Error;
  /** Libraries tried in order (default: just `libc.so.6`). */
  libraries?: readonly string[];
}

/**
 * Declares a binding; nothing is opened until the first `acquire`.
 *
 * @example Acquire, call, release
 * ```ts
 * import { libcBinding } from "./libc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const binding = libcBinding({
 *   symbols: { getpid: { parameters: [], result: "i32" } },
 *   unsupported: (os) => new Error(`not on ${os}`),
 * });
 * const libc = binding.acquire();
 * assertEquals(libc.getpid(), Deno.pid);
 * binding.release();
 * assertEquals(binding.users, 0);
 * ```
 */
export function libcBinding<const S extends Deno.ForeignLibraryInterface>(
  options: LibcBindingOptions<S>,
): LibcBinding<S> {
  const libraries = options.libraries ?? ["libc.so.6"];
  let library: Deno.DynamicLibrary<S & typeof ERRNO_SYMBOLS> | null = null;
  let users = 0;
  const open = () => {
    const failures: string[] = [];
    for (const path of libraries) {
      try {
        return Deno.dlopen(path, { ...options.symbols, ...ERRNO_SYMBOLS });
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      }
    }
    throw new TypeError(
      `Ninguna biblioteca ofrece los símbolos necesarios (${
        failures.join("; ")
      })`,
    );
  };
  return {
    acquire() {
      if (Deno.build.os !== "linux") throw options.unsupported(Deno.build.os);
      library ??= open();
      users++;
      return library.symbols;
    },
    release() {
      if (users === 0) return;
      users--;
      if (users === 0 && library) {
        library.close();
        library = null;
      }
    },
    get users() {
      return users;
    },
  };
}

/**
 * The current thread's `errno` (read right after a failed call).
 *
 * @example After a failing call
 * ```ts
 * import { lastErrno, libcBinding } from "./libc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const binding = libcBinding({
 *   symbols: { close: { parameters: ["i32"], result: "i32" } },
 *   unsupported: (os) => new Error(`not on ${os}`),
 * });
 * const libc = binding.acquire();
 * assertEquals([libc.close(-1), lastErrno(libc)], [-1, 9]); // EBADF
 * binding.release();
 * ```
 */
export function lastErrno(
  libc: Pick<ErrnoSymbols, "__errno_location">,
): number {
  const pointer = libc.__errno_location();
  return pointer === null ? 0 : new Deno.UnsafePointerView(pointer).getInt32();
}

// Linux's numbers (the same on x86-64 and aarch64), for the codes the kit meets.
const ERRNO_NAMES: Readonly<Record<number, string>> = {
  1: "EPERM",
  2: "ENOENT",
  4: "EINTR",
  9: "EBADF",
  11: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  17: "EEXIST",
  22: "EINVAL",
  23: "ENFILE",
  24: "EMFILE",
  28: "ENOSPC",
  32: "EPIPE",
  36: "ENAMETOOLONG",
  38: "ENOSYS",
  90: "EMSGSIZE",
  104: "ECONNRESET",
  107: "ENOTCONN",
  110: "ETIMEDOUT",
  111: "ECONNREFUSED",
};

/** Linux errno numbers by name, for code that must branch on one. */
export const ERRNO = Object.freeze(
  Object.fromEntries(
    Object.entries(ERRNO_NAMES).map(([code, name]) => [name, Number(code)]),
  ),
) as Readonly<Record<string, number>>;

/**
 * The symbolic name of an errno value (`"E?"` plus the number if unknown).
 *
 * @example
 * ```ts
 * import { errnoName } from "./libc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([errnoName(2), errnoName(90), errnoName(4242)], ["ENOENT", "EMSGSIZE", "E?4242"]);
 * ```
 */
export function errnoName(errno: number): string {
  return ERRNO_NAMES[errno] ?? `E?${errno}`;
}

/**
 * `"NAME (libc's text)"` for an errno value, e.g. `"ENOENT (No such file or
 * directory)"`.
 *
 * @example
 * ```ts
 * import { describeErrno, libcBinding } from "./libc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const binding = libcBinding({ symbols: {}, unsupported: (os) => new Error(os) });
 * assertEquals(describeErrno(binding.acquire(), 90), "EMSGSIZE (Message too long)");
 * binding.release();
 * ```
 */
export function describeErrno(
  libc: Pick<ErrnoSymbols, "strerror">,
  errno: number,
): string {
  const text = libc.strerror(errno);
  const message = text === null
    ? "unknown error"
    : new Deno.UnsafePointerView(text).getCString();
  return `${errnoName(errno)} (${message})`;
}

/**
 * A libc call failed with `errno`. Generic on purpose: lib/ffi does not
 * know the kit's areas, so an area catches this and throws its own typed
 * error (lib/mq turns it into a `PosixQueueError`) with the same fields.
 *
 * @example
 * ```ts
 * import { ErrnoError } from "./libc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const error = new ErrnoError("mq_unlink", 13, "EACCES (Permission denied)");
 * assertEquals([error.code, error.message], ["EACCES", "mq_unlink falló: EACCES (Permission denied)"]);
 * ```
 */
export class ErrnoError extends Error {
  /** Always `"ErrnoError"`. */
  override name = "ErrnoError";
  /** Symbolic errno, e.g. `"EACCES"`. */
  readonly code: string;
  /**
   * Builds the error from a failed call's errno.
   *
   * @param call The libc call that failed, e.g. `"mq_unlink"`.
   * @param errno The errno it left.
   * @param reason `"NAME (libc's text)"`, from {@linkcode describeErrno}.
   */
  constructor(
    readonly call: string,
    readonly errno: number,
    readonly reason: string,
  ) {
    super(`${call} falló: ${reason}`);
    this.code = errnoName(errno);
  }
}

/**
 * The {@linkcode ErrnoError} of the call that just failed on this thread:
 * reads errno and libc's text for it.
 *
 * @example
 * ```ts
 * import { errnoError, libcBinding } from "./libc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const binding = libcBinding({
 *   symbols: { close: { parameters: ["i32"], result: "i32" } },
 *   unsupported: (os) => new Error(`not on ${os}`),
 * });
 * const libc = binding.acquire();
 * libc.close(-1);
 * const error = errnoError(libc, "close");
 * binding.release();
 * assertEquals([error.code, error.reason], ["EBADF", "EBADF (Bad file descriptor)"]);
 * ```
 */
export function errnoError(
  libc: ErrnoSymbols,
  call: string,
  errno: number = lastErrno(libc),
): ErrnoError {
  return new ErrnoError(call, errno, describeErrno(libc, errno));
}

/**
 * A binding was asked for off Linux, the only platform the kit checked.
 * Generic like {@linkcode ErrnoError}: an area may rethrow its own class.
 *
 * @example
 * ```ts
 * import { LibcUnsupportedError } from "./libc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const error = new LibcUnsupportedError("Las colas de mensajes POSIX", "darwin");
 * assertEquals(error.os, "darwin");
 * assertEquals(error.message, "Las colas de mensajes POSIX por FFI solo funcionan en Linux, no en darwin");
 * ```
 */
export class LibcUnsupportedError extends Error {
  /** Always `"LibcUnsupportedError"`. */
  override name = "LibcUnsupportedError";
  /**
   * Builds the error naming what was asked for and where.
   *
   * @param feature What was asked for, e.g. `"POSIX message queues"`.
   * @param os The platform it was asked on (`Deno.build.os`).
   */
  constructor(readonly feature: string, readonly os: string) {
    super(`${feature} por FFI solo funcionan en Linux, no en ${os}`);
  }
}
