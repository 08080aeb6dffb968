/**
 * Why the IPC chapter's one-FIFO reverse server needs its `sleep(2)`.
 *
 * A FIFO is one queue of bytes with no notion of *who* a byte is for: any
 * process that reads it takes the next bytes, even its own. With one FIFO
 * opened read-write by both sides, the server's reply and the client's next
 * read race against the server's own next read. The chapter hides the race
 * by sleeping; this module stages the losing order deterministically (the
 * server loops back to `read()` before the client reads) so the theft is
 * visible every time, not once in a while.
 *
 * @module
 */

import { deadline, WaitTimeoutError } from "../util/deadline.ts";
import { createFifoPair } from "./fifo.ts";

/** What happened when both sides share one FIFO without sleeping. */
export interface OneFifoRace {
  /** The staged exchange, step by step, as a notebook shows it. */
  steps: {
    /** Who acted. */
    actor: "cliente" | "servidor";
    /** What it did, in Spanish (the notebook shows it as is). */
    action: string;
    /** The bytes written or read, as text. */
    bytes: string;
  }[];
  /** Whether the server read its own reply back. */
  serverReadItsOwnReply: boolean;
  /** Whether the client's read was still empty after `waitMs`. */
  clientStarved: boolean;
}

/**
 * Stages the chapter's protocol on a single FIFO without the sleep.
 *
 * @example The server steals its own reply
 * ```ts
 * import { stageOneFifoRace } from "./fifo_race.ts";
 * import { assert } from "@std/assert";
 *
 * const race = await stageOneFifoRace("abracadabra");
 * assert(race.serverReadItsOwnReply);
 * assert(race.clientStarved);
 * ```
 */
export async function stageOneFifoRace(
  word: string,
  waitMs = 200,
): Promise<OneFifoRace> {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  await using fifos = await createFifoPair();
  // Both open the SAME FIFO read-write, as the chapter does (O_RDWR).
  const server = await Deno.open(fifos.requests, { read: true, write: true });
  const client = await Deno.open(fifos.requests, { read: true, write: true });
  const steps: OneFifoRace["steps"] = [];
  const buffer = new Uint8Array(80);
  try {
    await client.write(encoder.encode(word));
    steps.push({ actor: "cliente", action: "escribe", bytes: word });
    const n1 = (await server.read(buffer)) ?? 0;
    const request = decoder.decode(buffer.subarray(0, n1));
    steps.push({ actor: "servidor", action: "lee", bytes: request });
    const reply = [...request].reverse().join("");
    await server.write(encoder.encode(reply));
    steps.push({ actor: "servidor", action: "escribe", bytes: reply });
    // No sleep: the server is back in read() before the client reads.
    const n2 = (await server.read(buffer)) ?? 0;
    const stolen = decoder.decode(buffer.subarray(0, n2));
    steps.push({
      actor: "servidor",
      action: "lee (¡su propia respuesta!)",
      bytes: stolen,
    });
    const clientBuffer = new Uint8Array(80);
    const clientRead = client.read(clientBuffer);
    // Starvation is the expected outcome, so the timeout is the answer here.
    const starved = await deadline(clientRead, waitMs, "la lectura del cliente")
      .then(() => false, (error) => {
        if (error instanceof WaitTimeoutError) return true;
        throw error;
      });
    steps.push({
      actor: "cliente",
      action: starved ? `lee… y sigue esperando tras ${waitMs} ms` : "lee",
      bytes: "",
    });
    if (starved) {
      // Release the client's blocked read so nothing is left pending.
      await server.write(new Uint8Array([0]));
      await clientRead;
    }
    return {
      steps,
      serverReadItsOwnReply: stolen === reply,
      clientStarved: starved,
    };
  } finally {
    server.close();
    client.close();
  }
}
