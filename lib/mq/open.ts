/**
 * Creating, opening and removing POSIX message queues by name.
 *
 * A queue is a kernel object named like `/kit-3f2a9c`: any process that
 * knows the name (and has permission) can open it, and it **outlives every
 * process** until someone `mq_unlink`s it (or the machine reboots). So the
 * kit creates uniquely named queues (`O_CREAT | O_EXCL`, mode 0600: only
 * this user), and the creator unlinks on close unless told otherwise.
 *
 * @module
 */

import { ERRNO, errnoError, lastErrno } from "../ffi/libc.ts";
import {
  encodeMqAttr,
  MQ_FLAGS,
  type MqLibc,
  releaseMqLibc,
} from "../ffi/mq.ts";
import { acquireQueueLibc, queueError, unlinkQueue } from "./binding.ts";
import type { PosixQueueError } from "./errors.ts";
import { PosixQueue } from "./posix_queue.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** Options of {@linkcode createPosixQueue}. */
export interface CreatePosixQueueOptions {
  /** Default: a fresh `/kit-<random>`. */
  name?: string;
  /** `mq_maxmsg` (default 8; unprivileged users: at most /proc/sys/fs/mqueue/msg_max). */
  maxMessages?: number;
  /** `mq_msgsize` in bytes (default 1024; at most /proc/sys/fs/mqueue/msgsize_max). */
  messageSize?: number;
  /** Remove the name on close (default true). */
  unlinkOnClose?: boolean;
}

/** Options of {@linkcode openPosixQueue}. */
export interface OpenPosixQueueOptions {
  /** What this descriptor may do (default "readwrite"). */
  access?: "read" | "write" | "readwrite";
  /** Remove the name on close (default false: the creator owns it). */
  unlinkOnClose?: boolean;
}

const ACCESS = {
  read: MQ_FLAGS.O_RDONLY,
  write: MQ_FLAGS.O_WRONLY,
  readwrite: MQ_FLAGS.O_RDWR,
} as const;

function encodeName(name: string): Uint8Array {
  if (typeof name !== "string" || !/^\/[A-Za-z0-9._-]{1,200}$/.test(name)) {
    throw new TypeError(
      `El nombre de la cola debe tener la forma "/kit-nombre" (una barra, luego letras, dígitos, . _ -), no ${
        JSON.stringify(name)
      }`,
    );
  }
  return new TextEncoder().encode(name + "\0");
}

function checkSize(what: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(
      `${what} debe ser un entero entre 1 y ${formatNumber(max)}, no ${value}`,
    );
  }
  return value;
}

function openFailure(libc: MqLibc, name: string): PosixQueueError {
  const errno = lastErrno(libc);
  const hint = errno === ERRNO.EINVAL || errno === ERRNO.EPERM
    ? "los tamaños sobre /proc/sys/fs/mqueue/msg_max o msgsize_max requieren privilegios"
    : errno === ERRNO.EMFILE || errno === ERRNO.ENOSPC
    ? "hay demasiadas colas abiertas (ver /proc/sys/fs/mqueue/queues_max y RLIMIT_MSGQUEUE)"
    : undefined;
  return queueError(errnoError(libc, "mq_open", errno), name, hint);
}

function openWith(
  name: string,
  flags: number,
  attr: BigInt64Array | null,
  unlinkOnClose: boolean,
): PosixQueue {
  const encoded = encodeName(name);
  const libc = acquireQueueLibc();
  const mqd = libc.mq_open(encoded, flags, 0o600, attr);
  if (mqd < 0) {
    const error = openFailure(libc, name);
    releaseMqLibc();
    throw error;
  }
  try {
    return new PosixQueue(name, libc, mqd, unlinkOnClose);
  } catch (error) {
    libc.mq_close(mqd);
    if (unlinkOnClose) unlinkQueue(libc, name);
    releaseMqLibc();
    throw error;
  }
}

/**
 * Creates a new queue (fails with EEXIST if the name is taken), readable and
 * writable by this process.
 *
 * @example Priorities: highest first, FIFO among equals
 * ```ts
 * import { createPosixQueue } from "./open.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using queue = createPosixQueue({ maxMessages: 4, messageSize: 64 });
 * await queue.send("baja", { priority: 1 });
 * await queue.send("alta", { priority: 9 });
 * await queue.send("baja 2", { priority: 1 });
 * const order = [];
 * for (let i = 0; i < 3; i++) order.push((await queue.receive()).text);
 * assertEquals(order, ["alta", "baja", "baja 2"]);
 * ```
 */
export function createPosixQueue(
  options: CreatePosixQueueOptions = {},
): PosixQueue {
  const name = options.name ??
    `/kit-${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const maxMessages = checkSize("maxMessages", options.maxMessages ?? 8, 65536);
  const messageSize = checkSize(
    "messageSize",
    options.messageSize ?? 1024,
    16 * 1024 * 1024,
  );
  return openWith(
    name,
    MQ_FLAGS.O_RDWR | MQ_FLAGS.O_CREAT | MQ_FLAGS.O_EXCL,
    encodeMqAttr(maxMessages, messageSize),
    options.unlinkOnClose ?? true,
  );
}

/**
 * Opens an existing queue by name (another process may have created it).
 * A missing name is a {@linkcode PosixQueueError} with code `"ENOENT"`.
 *
 * @example Two descriptors, one queue
 * ```ts
 * import { createPosixQueue, openPosixQueue } from "./open.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using owner = createPosixQueue();
 * using writer = openPosixQueue(owner.name, { access: "write" });
 * await writer.send("hola");
 * assertEquals((await owner.receive()).text, "hola");
 * ```
 */
export function openPosixQueue(
  name: string,
  options: OpenPosixQueueOptions = {},
): PosixQueue {
  const access = options.access ?? "readwrite";
  if (!(access in ACCESS)) {
    throw new TypeError(
      `El acceso debe ser read, write o readwrite, no ${access}`,
    );
  }
  return openWith(name, ACCESS[access], null, options.unlinkOnClose ?? false);
}

/**
 * Removes a queue's name: true if it existed. Processes that still have it
 * open keep using it; it disappears when the last one closes.
 *
 * @example
 * ```ts
 * import { createPosixQueue, unlinkPosixQueue } from "./open.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using queue = createPosixQueue({ unlinkOnClose: false });
 * assertEquals([unlinkPosixQueue(queue.name), unlinkPosixQueue(queue.name)], [true, false]);
 * ```
 */
export function unlinkPosixQueue(name: string): boolean {
  encodeName(name);
  const libc = acquireQueueLibc();
  try {
    return unlinkQueue(libc, name);
  } finally {
    releaseMqLibc();
  }
}

/**
 * Whether a queue with this name exists now (in the kernel, whoever made it).
 *
 * @example Gone after the creator closes it
 * ```ts
 * import { createPosixQueue, posixQueueExists } from "./open.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const queue = createPosixQueue();
 * const before = posixQueueExists(queue.name);
 * queue.close();
 * assertEquals([before, posixQueueExists(queue.name)], [true, false]);
 * ```
 */
export function posixQueueExists(name: string): boolean {
  const encoded = encodeName(name);
  const libc = acquireQueueLibc();
  try {
    const mqd = libc.mq_open(encoded, MQ_FLAGS.O_RDONLY, 0, null);
    if (mqd >= 0) {
      libc.mq_close(mqd);
      return true;
    }
    const errno = lastErrno(libc);
    if (errno === ERRNO.ENOENT) return false;
    if (errno === ERRNO.EACCES) return true; // someone else's queue
    throw openFailure(libc, name);
  } finally {
    releaseMqLibc();
  }
}
