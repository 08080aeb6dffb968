/**
 * Locks that know who holds them and who waits for them, in one
 * SharedArrayBuffer any Worker can receive.
 *
 * The class defines deadlock as a cycle in the "waits-for" graph. To *see*
 * that graph from outside the deadlocked threads, each lock records its
 * owner and each thread records the lock it is blocked on. A watcher (the
 * notebook's main thread) reads the table and finds the cycle.
 *
 * Layout (Int32): [lockCount, threadCount, owner of lock 0…, lock waited by
 * thread 1… (lock index + 1, 0 = not waiting)].
 *
 * @module
 */

import { checkOwnerId, checkTimeout, MutexOwnershipError } from "./errors.ts";

const HEADER = 2;

/** Why it exists: a frozen view of the table — the waits-for graph's data. */
export interface LockSnapshot {
  /** owners[lock] = thread id holding it, or null. */
  owners: (number | null)[];
  /** waitingFor[threadId - 1] = lock index it is blocked on, or null. */
  waitingFor: (number | null)[];
}

/**
 * Why it exists: a mutual-exclusion lock over shared memory whose unlock is
 * reserved to its owner (the class's Lock/Mutex), usable from any thread
 * that has the table's buffer.
 *
 * Owner ids are explicit small integers: Workers have no thread id visible
 * to other threads, and the waits-for graph needs names for its nodes.
 */
export class Mutex {
  /** Which lock of its buffer this mutex is (0 for a standalone one). */
  readonly index: number;
  readonly #table: LockTable;
  readonly #cells: Int32Array;
  readonly #slot: number;
  readonly #waitBase: number;
  readonly #threads: number;

  private constructor(table: LockTable, index: number) {
    this.#table = table;
    this.index = index;
    this.#cells = table.cells;
    this.#slot = HEADER + index;
    this.#threads = table.threadCount;
    this.#waitBase = HEADER + table.lockCount;
  }

  /**
   * A standalone mutex (its own buffer, no wait recording).
   *
   * @example Only the owner can unlock
   * ```ts
   * import { Mutex } from "./lock_table.ts";
   * import { MutexOwnershipError } from "./errors.ts";
   * import { assertEquals, assertThrows } from "@std/assert";
   *
   * const m = Mutex.create();
   * assertEquals(m.tryLock(1), true);
   * assertEquals(m.tryLock(2), false);
   * assertThrows(() => m.unlock(2), MutexOwnershipError);
   * m.unlock(1);
   * assertEquals(m.owner, null);
   * ```
   */
  static create(): Mutex {
    return Mutex.from(LockTable.create({ locks: 1, threads: 0 }).buffer);
  }

  /**
   * Rebuilds mutex number `index` from the buffer it lives in (inside a
   * Worker that received {@linkcode Mutex.buffer}).
   *
   * @example Two views of one lock
   * ```ts
   * import { Mutex } from "./lock_table.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const m = Mutex.create();
   * m.lock(1);
   * assertEquals(Mutex.from(m.buffer).owner, 1);
   * ```
   */
  static from(buffer: SharedArrayBuffer, index = 0): Mutex {
    const table = LockTable.from(buffer);
    if (!Number.isInteger(index) || index < 0 || index >= table.lockCount) {
      throw new RangeError(
        `el índice del lock debe estar entre 0 y ${
          table.lockCount - 1
        }, no ${index}`,
      );
    }
    return new Mutex(table, index);
  }

  /** The buffer to send to a Worker; rebuild with `Mutex.from(buffer, index)`. */
  get buffer(): SharedArrayBuffer {
    return this.#table.buffer;
  }

  /** The current owner's id, or null when free. */
  get owner(): number | null {
    return Atomics.load(this.#cells, this.#slot) || null;
  }

  #checkOwner(owner: number): void {
    checkOwnerId(owner, this.#threads > 0 ? this.#threads : undefined);
  }

  /** Takes the lock if it is free, without waiting. */
  tryLock(owner: number): boolean {
    this.#checkOwner(owner);
    return Atomics.compareExchange(this.#cells, this.#slot, 0, owner) === 0;
  }

  /**
   * Takes the lock, blocking this thread up to `timeoutMs` (Atomics.wait:
   * meant for Workers). Returns false on timeout. Not reentrant: taking a
   * lock you already hold throws instead of deadlocking with yourself.
   */
  lock(owner: number, timeoutMs = 10_000): boolean {
    this.#checkOwner(owner);
    checkTimeout(timeoutMs);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const current = Atomics.compareExchange(
        this.#cells,
        this.#slot,
        0,
        owner,
      );
      if (current === 0) {
        this.#setWaiting(owner, 0);
        return true;
      }
      if (current === owner) {
        throw new RangeError(
          `el dueño ${owner} ya tiene este lock (no es reentrante: tomarlo otra vez lo bloquearía consigo mismo)`,
        );
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        this.#setWaiting(owner, 0);
        return false;
      }
      this.#setWaiting(owner, this.index + 1);
      Atomics.wait(this.#cells, this.#slot, current, remaining);
    }
  }

  /** Releases the lock; only its owner may (MutexOwnershipError otherwise). */
  unlock(owner: number): void {
    this.#checkOwner(owner);
    const previous = Atomics.compareExchange(this.#cells, this.#slot, owner, 0);
    if (previous !== owner) {
      throw new MutexOwnershipError(owner, previous || null);
    }
    Atomics.notify(this.#cells, this.#slot, 1);
  }

  #setWaiting(owner: number, value: number): void {
    if (this.#threads > 0) {
      Atomics.store(this.#cells, this.#waitBase + owner - 1, value);
    }
  }
}

/** Why it exists: several mutexes plus the record of who waits for what. */
export class LockTable {
  /** The table's cells, laid out as the module comment says. */
  readonly cells: Int32Array;

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.cells = new Int32Array(buffer);
  }

  /**
   * Allocates a table of `locks` mutexes for threads with ids 1..`threads`
   * (`threads: 0` means any owner id, and no wait recording).
   *
   * @example Two locks, two threads
   * ```ts
   * import { LockTable } from "./lock_table.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const table = LockTable.create({ locks: 2, threads: 2 });
   * table.mutex(0).lock(1, 10);
   * assertEquals(table.snapshot(), { owners: [1, null], waitingFor: [null, null] });
   * ```
   */
  static create(options: { locks: number; threads: number }): LockTable {
    const { locks, threads } = options;
    if (!Number.isInteger(locks) || locks < 1 || locks > 1024) {
      throw new RangeError(
        `los locks deben ser un entero entre 1 y 1024, no ${locks}`,
      );
    }
    if (!Number.isInteger(threads) || threads < 0 || threads > 1024) {
      throw new RangeError(
        `los hilos deben ser un entero entre 0 y 1024, no ${threads}`,
      );
    }
    const buffer = new SharedArrayBuffer(4 * (HEADER + locks + threads));
    const cells = new Int32Array(buffer);
    cells[0] = locks;
    cells[1] = threads;
    return new LockTable(buffer);
  }

  /**
   * Rebuilds a table from its buffer (inside a Worker).
   *
   * @example
   * ```ts
   * import { LockTable } from "./lock_table.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const table = LockTable.create({ locks: 3, threads: 1 });
   * assertEquals(LockTable.from(table.buffer).lockCount, 3);
   * ```
   */
  static from(buffer: SharedArrayBuffer): LockTable {
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength < 12) {
      throw new TypeError("una tabla de locks necesita su SharedArrayBuffer");
    }
    const table = new LockTable(buffer);
    const expected = 4 * (HEADER + table.lockCount + table.threadCount);
    if (buffer.byteLength !== expected) {
      throw new TypeError("este buffer no contiene una tabla de locks");
    }
    return table;
  }

  /** How many mutexes the table holds. */
  get lockCount(): number {
    return this.cells[0];
  }

  /** Thread ids the table records waits for (1..threadCount; 0: none). */
  get threadCount(): number {
    return this.cells[1];
  }

  /** The mutex number `index` of this table. */
  mutex(index: number): Mutex {
    return Mutex.from(this.buffer, index);
  }

  /** Reads owners and waits (each cell atomically; the whole is a best-effort picture). */
  snapshot(): LockSnapshot {
    const owners: (number | null)[] = [];
    for (let i = 0; i < this.lockCount; i++) {
      owners.push(Atomics.load(this.cells, HEADER + i) || null);
    }
    const waitingFor: (number | null)[] = [];
    const base = HEADER + this.lockCount;
    for (let t = 0; t < this.threadCount; t++) {
      const w = Atomics.load(this.cells, base + t);
      waitingFor.push(w === 0 ? null : w - 1);
    }
    return { owners, waitingFor };
  }
}
