/**
 * The few libc calls behind POSIX shared memory and futexes, through FFI.
 *
 * `SharedArrayBuffer` is shared between threads of one process only. The IPC
 * chapter's shared memory is between *processes*: `shm_open` names a memory
 * object, `ftruncate` sizes it, `mmap` maps it into each process. Deno has no
 * API for it, but calls libc directly with `Deno.dlopen` (needs
 * `--allow-ffi`). Linux only: elsewhere a typed error says so.
 *
 * The futex calls are declared `nonblocking`: Deno runs them on a helper
 * thread and returns a promise, so a process (or a notebook kernel) can wait
 * for another process's wake-up without blocking its event loop.
 *
 * @module
 */

import { libcBinding, type LibcSymbols } from "./libc.ts";

/** Shared memory through FFI exists only where the kit checked it: Linux. */
export class SharedMemoryUnsupportedError extends Error {
  /** Builds the error naming the platform. */
  constructor(os: string) {
    super(
      `La memoria compartida POSIX por FFI solo funciona en Linux, no en ${os}`,
    );
    this.name = "SharedMemoryUnsupportedError";
  }
}

const symbols = {
  shm_open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  shm_unlink: { parameters: ["buffer"], result: "i32" },
  ftruncate: { parameters: ["i32", "i64"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  mmap: {
    parameters: ["pointer", "usize", "i32", "i32", "i32", "i64"],
    result: "pointer",
  },
  munmap: { parameters: ["pointer", "usize"], result: "i32" },
  // syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3): variadic in C,
  // passed as 64-bit integers (x86-64 and aarch64 pass them in registers).
  syscall: {
    parameters: ["i64", "pointer", "i64", "i64", "pointer", "pointer", "i64"],
    result: "i64",
  },
  futex_wait: {
    name: "syscall",
    parameters: ["i64", "pointer", "i64", "i64", "pointer", "pointer", "i64"],
    result: "i64",
    nonblocking: true,
  },
} as const;

const binding = libcBinding({
  symbols,
  unsupported: (os) => new SharedMemoryUnsupportedError(os),
});

/** The opened library, typed (with errno's helpers from ./libc.ts). */
export type Libc = LibcSymbols<typeof symbols>;

/**
 * Linux syscall number of `futex` on this machine's architecture.
 *
 * @example
 * ```ts
 * import { futexSyscallNumber } from "./shm.ts";
 * import { assert } from "@std/assert";
 *
 * assert([202, 98].includes(futexSyscallNumber()));
 * ```
 */
export function futexSyscallNumber(): number {
  return Deno.build.arch === "x86_64" ? 202 : 98;
}

/**
 * Opens libc once per process (reference-counted: the last
 * {@linkcode releaseLibc} closes it, as the resource sanitizer expects).
 *
 * @example Name a memory object, size it, remove it
 * ```ts
 * import { acquireLibc, releaseLibc } from "./shm.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const libc = acquireLibc();
 * const name = new TextEncoder().encode(`/kit-doc-${Deno.pid}\0`);
 * const O_RDWR_CREAT_EXCL = 0o2 | 0o100 | 0o200;
 * const fd = libc.shm_open(name, O_RDWR_CREAT_EXCL, 0o600);
 * assert(fd >= 0);
 * assertEquals(libc.ftruncate(fd, 4096n), 0);
 * assertEquals(Deno.statSync(`/dev/shm/kit-doc-${Deno.pid}`).size, 4096);
 * assertEquals([libc.close(fd), libc.shm_unlink(name)], [0, 0]);
 * releaseLibc();
 * ```
 */
export function acquireLibc(): Libc {
  return binding.acquire();
}

/**
 * Releases one {@linkcode acquireLibc}.
 *
 * @example Balanced with acquire
 * ```ts
 * import { acquireLibc, releaseLibc } from "./shm.ts";
 * import { assert } from "@std/assert";
 *
 * assert(acquireLibc() !== null);
 * releaseLibc();
 * ```
 */
export function releaseLibc(): void {
  binding.release();
}

/** Re-exported so lib/shm's users keep one import for errno. */
export { describeErrno, lastErrno } from "./libc.ts";
