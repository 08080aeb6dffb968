/**
 * Named pipes (FIFOs) as a framed {@linkcode MessageDuplex}.
 *
 * The IPC chapter's server shares ONE FIFO opened read-write by both
 * processes and sleeps two seconds after answering, hoping the client reads
 * the reply before the server's next `read()` steals it. The kit answers the
 * chapter's question ("a better way?") with two changes:
 *
 * 1. two FIFOs, one per direction (requests, replies): a process never reads
 *    what it wrote itself, so no sleep is needed;
 * 2. length-prefix framing: a `read()` returns whatever bytes are there, not
 *    "one message", so the chapter's `os.read(pipe, 80)` could merge two
 *    requests or split one.
 *
 * FIFOs live in a private directory from `Deno.makeTempDir` (mode 0700, the
 * FIFOs themselves 0600), never at a fixed world-writable path.
 * Opening a FIFO blocks until the other side opens it too, so every open here
 * is bounded: on timeout the pending open is released and a
 * `WaitTimeoutError` is thrown.
 *
 * Nothing here is tuned; `lib/fast/fifo.ts` frames the same two FIFOs with
 * blocking reads and reused buffers for the benchmark.
 *
 * @module
 */

import { deadline, WaitTimeoutError } from "../util/deadline.ts";
import {
  type FramedDuplex,
  framedDuplex,
  type ReadWriteResource,
} from "../wire/framed.ts";

/**
 * Makes a FIFO at `path` with the `mkfifo` program (Deno has no mkfifo API).
 *
 * @example A FIFO in a private temp dir
 * ```ts
 * import { makeFifo } from "./fifo.ts";
 * import { assert } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * await makeFifo(`${dir}/tubo`);
 * assert((await Deno.lstat(`${dir}/tubo`)).isFifo);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function makeFifo(path: string, mode = 0o600): Promise<void> {
  const { success, stderr } = await new Deno.Command("mkfifo", {
    args: ["-m", mode.toString(8), path],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Deno.errors.PermissionDenied(
      `mkfifo falló para ${path}: ${new TextDecoder().decode(stderr).trim()}`,
    );
  }
}

/**
 * Creates a private temp dir with two FIFOs, `requests` and `replies`, for
 * one client/server pair; `remove()` (or `await using`) deletes all three.
 *
 * @example The FIFOs are named pipes, not regular files
 * ```ts
 * import { createFifoPair } from "./fifo.ts";
 * import { assert } from "@std/assert";
 *
 * await using fifos = await createFifoPair();
 * assert((await Deno.lstat(fifos.requests)).isFifo);
 * ```
 */
export async function createFifoPair(): Promise<
  AsyncDisposable & {
    /** The private directory (mode 0700) holding both FIFOs. */
    dir: string;
    /** Written by the client, read by the server. */
    requests: string;
    /** Written by the server, read by the client. */
    replies: string;
    /** Removes the directory and both FIFOs. */
    remove(): Promise<void>;
  }
> {
  const dir = await Deno.makeTempDir({ prefix: "kit-fifo-" });
  const requests = `${dir}/requests`;
  const replies = `${dir}/replies`;
  try {
    await makeFifo(requests);
    await makeFifo(replies);
  } catch (error) {
    await Deno.remove(dir, { recursive: true });
    throw error;
  }
  const remove = () => Deno.remove(dir, { recursive: true }).catch(() => {});
  return { dir, requests, replies, remove, [Symbol.asyncDispose]: remove };
}

/**
 * Opens one end of a FIFO, waiting at most `timeoutMs` for the other side.
 *
 * @example Nobody opens the other end: a typed timeout, nothing left blocked
 * ```ts
 * import { createFifoPair, openFifo } from "./fifo.ts";
 * import { WaitTimeoutError } from "../util/deadline.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await using fifos = await createFifoPair();
 * await assertRejects(
 *   () => openFifo(fifos.requests, "read", 50),
 *   WaitTimeoutError,
 * );
 * ```
 */
export async function openFifo(
  path: string,
  direction: "read" | "write",
  timeoutMs = 5000,
): Promise<Deno.FsFile> {
  const opening = Deno.open(path, {
    read: direction === "read",
    write: direction === "write",
  });
  try {
    return await deadline(opening, timeoutMs, `el otro extremo de ${path}`);
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    // Release the blocked open: opening read-write never blocks on Linux and
    // counts as the missing other side. Then close both and report.
    const releaser = await Deno.open(path, { read: true, write: true });
    (await opening).close();
    releaser.close();
    throw error;
  }
}

/**
 * The two FIFO ends of one side, as one read/write resource: reads come from
 * `input`, writes go to `output`, `closeWrite()` closes only `output` (the
 * peer then reads the end), `close()` closes both. The bytes, before framing.
 */
export interface FifoStreams extends ReadWriteResource {
  readonly input: Deno.FsFile;
  readonly output: Deno.FsFile;
  closeWrite(): Promise<void>;
}

/**
 * Opens `readPath` for reading and `writePath` for writing, both at once so
 * the two sides cannot deadlock on open order; if either fails, neither
 * stays open.
 *
 * @example Raw bytes through two FIFOs
 * ```ts
 * import { createFifoPair, openFifoStreams } from "./fifo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using fifos = await createFifoPair();
 * const [server, client] = await Promise.all([
 *   openFifoStreams(fifos.requests, fifos.replies),
 *   openFifoStreams(fifos.replies, fifos.requests),
 * ]);
 * await client.write(new Uint8Array([1, 2, 3]));
 * await client.closeWrite();
 * const buffer = new Uint8Array(8);
 * assertEquals(await server.read(buffer), 3);
 * assertEquals(await server.read(buffer), null);
 * client.close();
 * server.close();
 * ```
 */
export async function openFifoStreams(
  readPath: string,
  writePath: string,
  timeoutMs = 5000,
): Promise<FifoStreams> {
  const [reading, writing] = await Promise.allSettled([
    openFifo(readPath, "read", timeoutMs),
    openFifo(writePath, "write", timeoutMs),
  ]);
  if (reading.status === "rejected" || writing.status === "rejected") {
    if (reading.status === "fulfilled") reading.value.close();
    if (writing.status === "fulfilled") writing.value.close();
    throw reading.status === "rejected"
      ? reading.reason
      : (writing as PromiseRejectedResult).reason;
  }
  return fifoStreamsOf(reading.value, writing.value);
}

/**
 * Joins an opened read end and write end into {@linkcode FifoStreams}
 * (`close()` is idempotent; `closeWrite()` closes only `output`).
 *
 * @example Two ends of one FIFO, as one resource
 * ```ts
 * import { createFifoPair, fifoStreamsOf } from "./fifo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using fifos = await createFifoPair();
 * const input = Deno.open(fifos.requests, { read: true });
 * const output = await Deno.open(fifos.requests, { write: true });
 * const streams = fifoStreamsOf(await input, output);
 * await streams.write(new Uint8Array([7]));
 * await streams.closeWrite();
 * assertEquals(await streams.read(new Uint8Array(4)), 1);
 * streams.close();
 * streams.close();
 * ```
 */
export function fifoStreamsOf(
  input: Deno.FsFile,
  output: Deno.FsFile,
): FifoStreams {
  let inputOpen = true;
  let outputOpen = true;
  const closeOutput = () => {
    if (outputOpen) output.close();
    outputOpen = false;
  };
  return {
    input,
    output,
    read: (buffer) => input.read(buffer),
    write: (bytes) => output.write(bytes),
    closeWrite: () => Promise.resolve(closeOutput()),
    close() {
      // Write end first: the peer then reads end of file from this side.
      closeOutput();
      if (inputOpen) input.close();
      inputOpen = false;
    },
  };
}

/**
 * Opens a framed duplex that reads `readPath` and writes `writePath`. Both
 * opens run at once, so the two sides cannot deadlock on open order.
 *
 * @example A server and a client over two FIFOs
 * ```ts
 * import { createFifoPair, openFifoDuplex } from "./fifo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using fifos = await createFifoPair();
 * const [server, client] = await Promise.all([
 *   openFifoDuplex(fifos.requests, fifos.replies),
 *   openFifoDuplex(fifos.replies, fifos.requests),
 * ]);
 * await client.send(new TextEncoder().encode("abracadabra"));
 * const request = new TextDecoder().decode((await server.receive())!);
 * await server.send(new TextEncoder().encode([...request].reverse().join("")));
 * assertEquals(new TextDecoder().decode((await client.receive())!), "arbadacarba");
 * await client.close();
 * await server.close();
 * ```
 */
export async function openFifoDuplex(
  readPath: string,
  writePath: string,
  timeoutMs = 5000,
  options: {
    /** Largest incoming message accepted (default 16 MiB). */
    maxFrameBytes?: number;
  } = {},
): Promise<FramedDuplex> {
  return framedDuplex(
    await openFifoStreams(readPath, writePath, timeoutMs),
    options,
  );
}
