/**
 * Clase 03's communication types as tiny systems the reader runs.
 *
 * - **Transient, direct**: {@linkcode sendTransient} connects straight to the
 *   receiver's address; if the receiver is down, the message is lost.
 * - **Persistent, indirect**: a mailbox server ({@linkcode startMailbox})
 *   keeps messages per topic until someone takes them: sender and receiver
 *   need not exist at the same time (temporal decoupling) nor know each other
 *   (referential decoupling: they only share a topic name).
 * - **Remote**: `remote.ts` hides the request and reply messages behind a
 *   function call.
 * - **Synchronous vs asynchronous**: {@linkcode measureSendModes} times how
 *   long a sender is blocked when it waits for each acknowledgement versus
 *   when it does not.
 *
 * All speak framed JSON over loopback TCP.
 *
 * @module
 */

import { jsonCodec, withCodec } from "../wire/codec.ts";
import { ProtocolError } from "../wire/errors.ts";
import { connectTcp } from "../transports/tcp.ts";
import { type ConnectionServer, serveFramed } from "./server.ts";

/**
 * Sends one text straight to a receiver (framed, expects one reply): either
 * it was delivered (with the receiver's reply), or it was lost and `reason`
 * says why — if nobody listens there, nothing kept it.
 *
 * @example A receiver that is down loses the message
 * ```ts
 * import { sendTransient } from "./communication.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const port = probe.addr.port;
 * probe.close();
 * assertEquals((await sendTransient(port, "hola")).delivered, false);
 * ```
 */
export async function sendTransient(
  port: number,
  text: string,
): Promise<
  | { delivered: true; reply: string }
  | { delivered: false; reason: string }
> {
  let duplex;
  try {
    duplex = withCodec(await connectTcp({ port }), jsonCodec<string>());
  } catch (error) {
    return { delivered: false, reason: (error as Error).name };
  }
  try {
    await duplex.send(text);
    const reply = await duplex.receive();
    return reply === null
      ? { delivered: false, reason: "closed" }
      : { delivered: true, reply };
  } finally {
    await duplex.close();
  }
}

type MailboxRequest =
  | { op: "put"; topic: string; text: string }
  | { op: "take"; topic: string };
type MailboxReply =
  | { ok: true; stored: number }
  | { ok: true; texts: string[] }
  | {
    ok: false;
    error: string;
  };

/**
 * Starts the intermediary, a server like any other of the kit: `put`
 * stores a text under a topic, `take` hands over (and removes) everything
 * stored under it.
 *
 * @example Sender and receiver never meet
 * ```ts
 * import { mailboxPut, mailboxTake, startMailbox } from "./communication.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using mailbox = await startMailbox();
 * await mailboxPut(mailbox.port, "avisos", "control el martes");
 * assertEquals(mailbox.pending(), { avisos: 1 });
 * assertEquals(await mailboxTake(mailbox.port, "avisos"), ["control el martes"]);
 * ```
 */
export async function startMailbox(): Promise<
  ConnectionServer & {
    /** Messages waiting, per topic. */
    pending(): Record<string, number>;
  }
> {
  const stored = new Map<string, string[]>();
  const server: ConnectionServer = await serveFramed({}, async (bytes) => {
    const duplex = withCodec(bytes, jsonCodec<MailboxRequest | MailboxReply>());
    while (true) {
      const request = await duplex.receive() as MailboxRequest | null;
      if (request === null) return;
      if (request.op === "put" && typeof request.text === "string") {
        const list = stored.get(request.topic) ?? [];
        list.push(request.text);
        stored.set(request.topic, list);
        await duplex.send({ ok: true, stored: list.length });
      } else if (request.op === "take") {
        const texts = stored.get(request.topic) ?? [];
        stored.delete(request.topic);
        await duplex.send({ ok: true, texts });
      } else {
        await duplex.send({ ok: false, error: "operación desconocida" });
      }
    }
  });
  return Object.assign(server, {
    pending: () =>
      Object.fromEntries([...stored].map(([t, l]) => [t, l.length])),
  });
}

async function mailboxRequest(
  port: number,
  request: MailboxRequest,
): Promise<MailboxReply> {
  await using duplex = withCodec(
    await connectTcp({ port }),
    jsonCodec<unknown>(),
  );
  await duplex.send(request);
  const reply = await duplex.receive() as MailboxReply | null;
  if (reply === null) {
    throw new ProtocolError("El buzón cerró sin responder");
  }
  if (!reply.ok) {
    throw new ProtocolError(`El buzón rechazó el pedido: ${reply.error}`);
  }
  return reply;
}

/**
 * Leaves a text in the mailbox under `topic`.
 *
 * @example
 * ```ts
 * import { mailboxPut, startMailbox } from "./communication.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using mailbox = await startMailbox();
 * assertEquals(await mailboxPut(mailbox.port, "t", "a"), 1);
 * ```
 */
export async function mailboxPut(
  port: number,
  topic: string,
  text: string,
): Promise<number> {
  const reply = await mailboxRequest(port, { op: "put", topic, text });
  return "stored" in reply ? reply.stored : 0;
}

/**
 * Takes every text stored under `topic`.
 *
 * @example Nothing stored, nothing taken
 * ```ts
 * import { mailboxTake, startMailbox } from "./communication.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using mailbox = await startMailbox();
 * assertEquals(await mailboxTake(mailbox.port, "vacío"), []);
 * ```
 */
export async function mailboxTake(
  port: number,
  topic: string,
): Promise<string[]> {
  const reply = await mailboxRequest(port, { op: "take", topic });
  return "texts" in reply ? reply.texts : [];
}

/**
 * Sends `messages` to a receiver that needs `receiverDelayMs` per message
 * and acknowledges each; measures how long the sender's loop took when it
 * waited for every acknowledgement (synchronous) and when it did not.
 *
 * @example
 * ```ts
 * import { measureSendModes } from "./communication.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = await measureSendModes({ messages: 5, receiverDelayMs: 10 });
 * assertEquals([t.synchronousAcksWhileSending, t.asynchronousAcksWhileSending], [5, 0]);
 * ```
 */
export async function measureSendModes(
  options: {
    /** Messages each sender sends. */
    messages: number;
    /** What the receiver needs per message before acknowledging it. */
    receiverDelayMs: number;
  },
): Promise<{
  /** Messages each sender sent. */
  messages: number;
  /** The receiver's delay per message. */
  receiverDelayMs: number;
  /** How long the synchronous sender's loop took, in ms. */
  synchronousMs: number;
  /** How long the asynchronous sender's loop took, in ms. */
  asynchronousMs: number;
  /**
   * Acknowledgements the synchronous sender had in hand when its loop
   * ended: all of them (it waited for each). Unlike the times, a count
   * that does not depend on the machine's speed.
   */
  synchronousAcksWhileSending: number;
  /** The same for the asynchronous sender: none (it never waited). */
  asynchronousAcksWhileSending: number;
}> {
  const server = await serveFramed({}, async (duplex) => {
    while (true) {
      const message = await duplex.receive();
      if (message === null) return;
      await new Promise((r) => setTimeout(r, options.receiverDelayMs));
      await duplex.send(message);
    }
  });
  try {
    const time = async (waitForEach: boolean) => {
      await using duplex = await connectTcp({ port: server.port });
      const start = performance.now();
      let acks = 0;
      for (let i = 0; i < options.messages; i++) {
        await duplex.send(new Uint8Array([i & 0xff]));
        if (waitForEach && await duplex.receive() !== null) acks++;
      }
      const blocked = performance.now() - start;
      // Collect the acknowledgements afterwards, so both runs end clean.
      if (!waitForEach) {
        for (let i = 0; i < options.messages; i++) await duplex.receive();
      }
      return { blocked, acks };
    };
    const synchronous = await time(true);
    const asynchronous = await time(false);
    return {
      messages: options.messages,
      receiverDelayMs: options.receiverDelayMs,
      synchronousMs: synchronous.blocked,
      asynchronousMs: asynchronous.blocked,
      synchronousAcksWhileSending: synchronous.acks,
      asynchronousAcksWhileSending: asynchronous.acks,
    };
  } finally {
    await server.stop();
  }
}
