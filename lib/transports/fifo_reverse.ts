/**
 * The IPC chapter's named-pipe reverse server, done the way the chapter asks
 * ("a better way?"): two FIFOs in a private directory, one per direction,
 * and length-prefix framing, so the server never reads its own reply and
 * never needs a `sleep`.
 *
 * A FIFO has no connections: a client is "whoever opened the other ends".
 * The server opens `requests` for reading and `replies` for writing (each
 * open waits for the other side), serves until the client closes its end
 * (end of file), then opens again for the next client. Two clients at once
 * would share the same two queues of bytes and could take each other's
 * replies: one client at a time is the FIFO's limit, not this server's.
 * For the same reason a client should close its write end before it stops
 * reading: a write end still open when the server reopens counts as the
 * next client's, and its close then reads as that client's end of file.
 * Like the chapter's server, `"end"` stops it (no reply). Every wait ends
 * on `stop()`; a silent client is dropped after `idleMs`.
 *
 * @module
 */

import { reverseText } from "../net/reverse.ts";
import { deadline, WaitTimeoutError } from "../util/deadline.ts";
import { textCodec } from "../wire/codec.ts";
import { framedDuplex } from "../wire/framed.ts";
import { createFifoPair, type FifoStreams, fifoStreamsOf } from "./fifo.ts";

/** Why a {@linkcode FifoReverseServer} stopped. */
export type FifoServerStop = "end" | "stopped";

/** What the server reports while it runs (the terminal program logs it). */
export interface FifoServerEvents {
  /** A client opened both FIFOs. */
  onClient?(): void;
  /** A request arrived (before it is answered). */
  onMessage?(text: string): void;
  /** The client closed its end, went silent past `idleMs`, or broke framing. */
  onClientGone?(why: "eof" | "idle" | "error"): void;
}

/** A running server. */
export interface FifoReverseServer extends AsyncDisposable {
  /** The private directory (mode 0700) holding the two FIFOs. */
  readonly dir: string;
  /** Clients write here; the server reads. */
  readonly requests: string;
  /** The server writes here; clients read. */
  readonly replies: string;
  /** Settles when the server stopped and removed its directory. */
  readonly done: Promise<{ served: number; reason: FifoServerStop }>;
  /** Stops the server (pending opens are released) and waits for `done`. */
  stop(): Promise<{ served: number; reason: FifoServerStop }>;
}

/** Opens the server's ends; `null` when `stopped` fires first. */
async function openServerEnds(
  requests: string,
  replies: string,
  stopped: Promise<void>,
): Promise<FifoStreams | null> {
  const reading = Deno.open(requests, { read: true });
  const writing = Deno.open(replies, { write: true });
  const both = Promise.all([reading, writing]);
  const first = await Promise.race([both, stopped.then(() => null)]);
  if (first !== null) return fifoStreamsOf(first[0], first[1]);
  // Opening read-write never waits on Linux and counts as the missing other
  // end: it releases the opens still pending, which are then closed.
  const releasers = [
    await Deno.open(requests, { read: true, write: true }),
    await Deno.open(replies, { read: true, write: true }),
  ];
  for (const r of await Promise.allSettled([reading, writing])) {
    if (r.status === "fulfilled") r.value.close();
  }
  for (const r of releasers) r.close();
  return null;
}

/**
 * Starts the reverse server on two fresh FIFOs in a private temp dir.
 *
 * @example A client of the same process: reply, then "end" stops the server
 * ```ts
 * import { serveFifoReverse } from "./fifo_reverse.ts";
 * import { openFifoDuplex } from "./fifo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = await serveFifoReverse();
 * const client = await openFifoDuplex(server.replies, server.requests);
 * await client.send(new TextEncoder().encode("ñandú"));
 * assertEquals(new TextDecoder().decode((await client.receive())!), "údnañ");
 * await client.send(new TextEncoder().encode("end"));
 * assertEquals(await server.done, { served: 1, reason: "end" });
 * await client.close();
 * ```
 */
export async function serveFifoReverse(
  options: FifoServerEvents & {
    /** A client silent this long is dropped (default 60 000 ms). */
    idleMs?: number;
    /** Largest request accepted, in bytes (default 64 KiB). */
    maxFrameBytes?: number;
  } = {},
): Promise<FifoReverseServer> {
  const idleMs = options.idleMs ?? 60_000;
  const fifos = await createFifoPair();
  let stop!: () => void;
  let stopping = false;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let served = 0;
  const serve = async (): Promise<FifoServerStop> => {
    while (true) {
      const ends = await openServerEnds(fifos.requests, fifos.replies, stopped);
      if (ends === null) return "stopped";
      options.onClient?.();
      const duplex = framedDuplex(ends, {
        maxFrameBytes: options.maxFrameBytes ?? 64 * 1024,
      });
      // stop() closes the session, which ends a pending receive().
      void stopped.then(() => duplex.close());
      try {
        while (true) {
          const message = await deadline(duplex.receive(), idleMs, "un pedido");
          if (message === null) {
            options.onClientGone?.("eof");
            break;
          }
          const text = textCodec.decode(message);
          options.onMessage?.(text);
          if (text === "end") return "end";
          await duplex.send(textCodec.encode(reverseText(text)));
          served++;
        }
      } catch (error) {
        if (stopping) return "stopped";
        options.onClientGone?.(
          error instanceof WaitTimeoutError ? "idle" : "error",
        );
      } finally {
        await duplex.close();
      }
    }
  };
  const done = serve().then(async (reason) => {
    await fifos.remove();
    return { served, reason };
  }, async (error) => {
    await fifos.remove();
    throw error;
  });
  const halt = () => {
    stopping = true;
    stop();
    return done;
  };
  return {
    dir: fifos.dir,
    requests: fifos.requests,
    replies: fifos.replies,
    done,
    stop: halt,
    [Symbol.asyncDispose]: async () => {
      await halt();
    },
  };
}
