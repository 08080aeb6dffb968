/**
 * POSIX message queue calls (`mq_open`, `mq_timedsend`, `mq_timedreceive`,
 * `mq_getattr`, `mq_close`, `mq_unlink`) through Deno's FFI, and the C
 * structures they take, laid out by hand.
 *
 * glibc ≥ 2.34 exports them from `libc.so.6`; older glibc only from
 * `librt.so.1`, tried second. The timed calls come twice: a synchronous
 * version (fast path, and the only place errno can be read — errno is
 * thread-local) and a `nonblocking` one that Deno runs on a helper thread,
 * so a wait for a message never blocks the event loop (or a notebook
 * kernel).
 *
 * Failures are libc's generic errors (`ErrnoError`,
 * `LibcUnsupportedError`); lib/mq turns them into its typed queue errors.
 *
 * @module
 */

import {
  ERRNO,
  errnoError,
  lastErrno,
  libcBinding,
  type LibcSymbols,
  LibcUnsupportedError,
} from "./libc.ts";

/** open(2) flags (Linux values, the same on x86-64 and aarch64). */
export const MQ_FLAGS = Object.freeze({
  O_RDONLY: 0o0,
  O_WRONLY: 0o1,
  O_RDWR: 0o2,
  O_CREAT: 0o100,
  O_EXCL: 0o200,
  O_NONBLOCK: 0o4000,
});

/** Linux's `MQ_PRIO_MAX`: priorities go from 0 to 32767. */
export const MQ_PRIORITY_LIMIT = 32768;

const MQ = {
  mq_open: { parameters: ["buffer", "i32", "u32", "buffer"], result: "i32" },
  mq_close: { parameters: ["i32"], result: "i32" },
  mq_unlink: { parameters: ["buffer"], result: "i32" },
  mq_getattr: { parameters: ["i32", "buffer"], result: "i32" },
  mq_timedsend: {
    parameters: ["i32", "buffer", "usize", "u32", "buffer"],
    result: "i32",
  },
  mq_timedreceive: {
    parameters: ["i32", "buffer", "usize", "buffer", "buffer"],
    result: "isize",
  },
  mq_timedsend_waiting: {
    name: "mq_timedsend",
    parameters: ["i32", "buffer", "usize", "u32", "buffer"],
    result: "i32",
    nonblocking: true,
  },
  mq_timedreceive_waiting: {
    name: "mq_timedreceive",
    parameters: ["i32", "buffer", "usize", "buffer", "buffer"],
    result: "isize",
    nonblocking: true,
  },
} as const;

/** The opened symbols, typed. */
export type MqLibc = LibcSymbols<typeof MQ>;

const binding = libcBinding({
  symbols: MQ,
  libraries: ["libc.so.6", "librt.so.1"],
  unsupported: (os) =>
    new LibcUnsupportedError("Las colas de mensajes POSIX", os),
});

/**
 * Opens the library (reference-counted); pair with {@linkcode releaseMqLibc}.
 * Off Linux: a {@linkcode LibcUnsupportedError}.
 *
 * @example Create a queue by hand, read its attributes, remove it
 * ```ts
 * import {
 *   acquireMqLibc, decodeMqAttr, encodeMqAttr, MQ_FLAGS, mqUnlink, releaseMqLibc,
 * } from "./mq.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const libc = acquireMqLibc();
 * const name = `/kit-doc-${Deno.pid}`;
 * const flags = MQ_FLAGS.O_RDWR | MQ_FLAGS.O_CREAT | MQ_FLAGS.O_EXCL;
 * const mqd = libc.mq_open(new TextEncoder().encode(name + "\0"), flags, 0o600, encodeMqAttr(4, 128));
 * assert(mqd >= 0);
 * const attr = new BigInt64Array(8);
 * assertEquals(libc.mq_getattr(mqd, attr), 0);
 * assertEquals(decodeMqAttr(attr), { flags: 0, maxMessages: 4, messageSize: 128, currentMessages: 0 });
 * libc.mq_close(mqd);
 * assertEquals(mqUnlink(libc, name), true);
 * releaseMqLibc();
 * ```
 */
export function acquireMqLibc(): MqLibc {
  return binding.acquire();
}

/**
 * Releases one {@linkcode acquireMqLibc}; the last one closes the library.
 *
 * @example
 * ```ts
 * import { acquireMqLibc, releaseMqLibc } from "./mq.ts";
 * import { assert } from "@std/assert";
 *
 * assert(acquireMqLibc() !== null);
 * releaseMqLibc();
 * ```
 */
export function releaseMqLibc(): void {
  binding.release();
}

/** `struct mq_attr`: four `long`s and four reserved ones (64 bytes). */
export interface MqAttr {
  flags: number;
  maxMessages: number;
  messageSize: number;
  currentMessages: number;
}

/**
 * A zeroed `struct mq_attr` buffer, optionally with the sizes `mq_open` uses.
 *
 * @example
 * ```ts
 * import { encodeMqAttr } from "./mq.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const raw = encodeMqAttr(8, 256);
 * assertEquals([raw.length, raw[1], raw[2]], [8, 8n, 256n]);
 * ```
 */
export function encodeMqAttr(maxMessages = 0, messageSize = 0): BigInt64Array {
  const raw = new BigInt64Array(8);
  raw[1] = BigInt(maxMessages);
  raw[2] = BigInt(messageSize);
  return raw;
}

/**
 * Reads a `struct mq_attr` filled by `mq_getattr`.
 *
 * @example
 * ```ts
 * import { decodeMqAttr } from "./mq.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const raw = new BigInt64Array([0n, 10n, 8192n, 3n, 0n, 0n, 0n, 0n]);
 * assertEquals(decodeMqAttr(raw), { flags: 0, maxMessages: 10, messageSize: 8192, currentMessages: 3 });
 * ```
 */
export function decodeMqAttr(raw: BigInt64Array): MqAttr {
  return {
    flags: Number(raw[0]),
    maxMessages: Number(raw[1]),
    messageSize: Number(raw[2]),
    currentMessages: Number(raw[3]),
  };
}

/**
 * An absolute `CLOCK_REALTIME` `struct timespec` for "`ms` milliseconds of
 * the Unix epoch" — what the timed calls take (an absolute deadline, not a
 * duration). `0` is a deadline already past: the call cannot block.
 *
 * @example
 * ```ts
 * import { realtimeDeadline } from "./mq.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([...realtimeDeadline(1_500)], [1n, 500_000_000n]);
 * assertEquals([...realtimeDeadline(0)], [0n, 0n]);
 * ```
 */
export function realtimeDeadline(epochMs: number): BigInt64Array {
  const whole = Math.floor(epochMs);
  const seconds = Math.floor(whole / 1000);
  const nanos = (whole - seconds * 1000) * 1_000_000;
  return new BigInt64Array([BigInt(seconds), BigInt(nanos)]);
}

/**
 * `mq_unlink`: true if the name was removed, false if it did not exist
 * (anything else is an `ErrnoError`, which lib/mq turns into a
 * `PosixQueueError`).
 *
 * @example A name nobody created
 * ```ts
 * import { acquireMqLibc, mqUnlink, releaseMqLibc } from "./mq.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(mqUnlink(acquireMqLibc(), "/kit-never-created"), false);
 * releaseMqLibc();
 * ```
 */
export function mqUnlink(libc: MqLibc, name: string): boolean {
  if (libc.mq_unlink(new TextEncoder().encode(name + "\0")) === 0) return true;
  const errno = lastErrno(libc);
  if (errno === ERRNO.ENOENT) return false;
  throw errnoError(libc, "mq_unlink", errno);
}
