/**
 * A named POSIX shared-memory region mapped into this process, with a
 * cross-process wait/wake on its 32-bit words (Linux futex).
 *
 * The creator owns the name: closing it unmaps and `shm_unlink`s, so nothing
 * is left in `/dev/shm`. Other processes {@linkcode openSharedMemory} by name
 * and only unmap on close. `Atomics.wait` does not work on this memory (it is
 * not a `SharedArrayBuffer`), hence {@linkcode SharedMemoryRegion.waitWhile}
 * and {@linkcode SharedMemoryRegion.wake} over the futex syscall: a reader
 * sleeps in the kernel until a writer wakes it — no spinning, no polling.
 *
 * @module
 */

import {
  acquireLibc,
  describeErrno,
  futexSyscallNumber,
  lastErrno,
  type Libc,
  releaseLibc,
} from "../ffi/shm.ts";
import { formatNumber } from "../notebook/number_format.ts";

const O_RDWR = 0o2;
const O_CREAT = 0o100;
const O_EXCL = 0o200;
const PROT_READ_WRITE = 0x1 | 0x2;
const MAP_SHARED = 0x01;
const FUTEX_WAIT = 0;
const FUTEX_WAKE = 1;

/** How a futex wait ended. */
export type FutexWaitResult = "woken" | "not-equal" | "timed-out";

function cName(name: string): Uint8Array {
  if (!/^\/[A-Za-z0-9._-]{1,200}$/.test(name)) {
    throw new TypeError(
      `El nombre de la memoria compartida debe tener la forma "/kit-nombre" (letras, dígitos, . _ -), no ${
        JSON.stringify(name)
      }`,
    );
  }
  return new TextEncoder().encode(name + "\0");
}

/**
 * A mapped region. Exists as a class so the mapping's lifetime (map, use,
 * unmap, unlink) is one object a `using` statement can own.
 */
export class SharedMemoryRegion implements Disposable {
  readonly name: string;
  readonly size: number;
  /** The region's bytes (valid until `close()`). */
  readonly bytes: Uint8Array;
  #libc: Libc;
  #fd: number;
  #pointer: Deno.PointerObject;
  #owner: boolean;
  #closed = false;

  /** Prefer {@linkcode createSharedMemory} / {@linkcode openSharedMemory}. */
  constructor(name: string, size: number, owner: boolean) {
    const encodedName = cName(name);
    const libc = acquireLibc();
    const flags = owner ? O_RDWR | O_CREAT | O_EXCL : O_RDWR;
    const fd = libc.shm_open(encodedName, flags, 0o600);
    if (fd < 0) {
      const errno = lastErrno(libc);
      const reason = describeErrno(libc, errno);
      releaseLibc();
      throw new Deno.errors.NotFound(`shm_open(${name}) falló: ${reason}`);
    }
    if (owner && libc.ftruncate(fd, BigInt(size)) !== 0) {
      libc.close(fd);
      libc.shm_unlink(cName(name));
      releaseLibc();
      throw new RangeError(`ftruncate(${size}) falló para ${name}`);
    }
    const pointer = libc.mmap(
      null,
      BigInt(size),
      PROT_READ_WRITE,
      MAP_SHARED,
      fd,
      0n,
    );
    if (
      pointer === null ||
      Deno.UnsafePointer.value(pointer) === 0xffffffffffffffffn
    ) {
      libc.close(fd);
      if (owner) libc.shm_unlink(cName(name));
      releaseLibc();
      throw new RangeError(
        `mmap de ${formatNumber(size)} bytes falló para ${name}`,
      );
    }
    this.name = name;
    this.size = size;
    this.#libc = libc;
    this.#fd = fd;
    this.#pointer = pointer;
    this.#owner = owner;
    this.bytes = new Uint8Array(
      Deno.UnsafePointerView.getArrayBuffer(pointer, size),
    );
  }

  /** Whether `close()` has run. */
  get closed(): boolean {
    return this.#closed;
  }

  #wordPointer(byteOffset: number): Deno.PointerObject {
    if (byteOffset % 4 !== 0 || byteOffset < 0 || byteOffset + 4 > this.size) {
      throw new RangeError(
        "La palabra del futex debe estar alineada a 4 bytes dentro de la región",
      );
    }
    return Deno.UnsafePointer.offset(this.#pointer, byteOffset)!;
  }

  /**
   * Sleeps in the kernel while the 32-bit word at `byteOffset` equals
   * `expected`, at most `timeoutMs`. Runs on a helper thread: the event loop
   * stays free.
   */
  async waitWhile(
    byteOffset: number,
    expected: number,
    timeoutMs: number,
  ): Promise<FutexWaitResult> {
    if (this.#closed) {
      throw new TypeError("La región de memoria compartida ya está cerrada");
    }
    const timespec = new BigInt64Array([
      BigInt(Math.floor(timeoutMs / 1000)),
      BigInt(Math.round((timeoutMs % 1000) * 1e6)),
    ]);
    const result = await this.#libc.futex_wait(
      BigInt(futexSyscallNumber()),
      this.#wordPointer(byteOffset),
      BigInt(FUTEX_WAIT),
      BigInt(expected | 0),
      Deno.UnsafePointer.of(timespec),
      null,
      0n,
    );
    if (result === 0n) return "woken";
    // errno belongs to the helper thread; infer the common outcomes instead.
    const now = new Int32Array(this.bytes.buffer, byteOffset, 1)[0];
    return now !== (expected | 0) ? "not-equal" : "timed-out";
  }

  /** Wakes up to `count` processes waiting on the word at `byteOffset`. */
  wake(byteOffset: number, count = 2 ** 31 - 1): number {
    if (this.#closed) {
      throw new TypeError("La región de memoria compartida ya está cerrada");
    }
    return Number(this.#libc.syscall(
      BigInt(futexSyscallNumber()),
      this.#wordPointer(byteOffset),
      BigInt(FUTEX_WAKE),
      BigInt(count),
      null,
      null,
      0n,
    ));
  }

  /** Unmaps; the creator also unlinks the name. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#libc.munmap(this.#pointer, BigInt(this.size));
    this.#libc.close(this.#fd);
    if (this.#owner) this.#libc.shm_unlink(cName(this.name));
    releaseLibc();
  }

  /** Same as `close()`, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Creates a new region (fails if the name exists); a fresh random name by
 * default. Its bytes start zeroed.
 *
 * @example Two mappings of one region see the same bytes
 * ```ts
 * import { createSharedMemory, openSharedMemory } from "./shared_memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using owner = createSharedMemory(4096);
 * using other = openSharedMemory(owner.name, 4096);
 * owner.bytes[10] = 42;
 * assertEquals(other.bytes[10], 42);
 * ```
 */
export function createSharedMemory(
  size: number,
  name = `/kit-${crypto.randomUUID()}`,
): SharedMemoryRegion {
  if (!Number.isInteger(size) || size < 4 || size > 2 ** 30) {
    throw new RangeError(
      `El tamaño de la región debe ser un entero entre 4 y 2^30, no ${
        formatNumber(size)
      }`,
    );
  }
  return new SharedMemoryRegion(name, size, true);
}

/**
 * Maps an existing region by name (another process created it).
 *
 * @example A missing name is a NotFound error
 * ```ts
 * import { openSharedMemory } from "./shared_memory.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(() => openSharedMemory("/kit-does-not-exist", 64), Deno.errors.NotFound);
 * ```
 */
export function openSharedMemory(
  name: string,
  size: number,
): SharedMemoryRegion {
  return new SharedMemoryRegion(name, size, false);
}
