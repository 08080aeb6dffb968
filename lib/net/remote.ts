/**
 * The remote paradigm of Clase 03 in miniature: call a method that runs in
 * another process as if it were local. Underneath it is still message
 * passing (a framed JSON request and its reply); the point is that the
 * caller no longer sees the messages — the step towards RPC (next class).
 *
 * @module
 */

import { jsonCodec, withCodec } from "../wire/codec.ts";
import { ProtocolError } from "../wire/errors.ts";
import { connectTcp } from "../transports/tcp.ts";
import { type ConnectionServer, serveFramed } from "./server.ts";

/**
 * Serves `methods` to remote callers (one request/reply per call): each
 * takes JSON arguments and returns a JSON value (or a promise of one).
 *
 * @example A remote sum
 * ```ts
 * import { callRemote, startRemoteObject } from "./remote.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using remote = await startRemoteObject({ sumar: (a: number, b: number) => a + b });
 * assertEquals(await callRemote(remote.port, "sumar", [2, 3]), 5);
 * ```
 */
export function startRemoteObject(
  methods: Record<string, (...args: never[]) => unknown>,
): Promise<ConnectionServer> {
  return serveFramed({}, async (bytes) => {
    const duplex = withCodec(bytes, jsonCodec<unknown>());
    while (true) {
      const call = await duplex.receive() as
        | { method: string; args: unknown[] }
        | null;
      if (call === null) return;
      const method = Object.hasOwn(methods, call.method)
        ? methods[call.method]
        : undefined;
      if (!method || !Array.isArray(call.args)) {
        await duplex.send({
          error: `No existe el método ${String(call.method)}`,
        });
        continue;
      }
      try {
        await duplex.send({
          result: await (method as (...a: unknown[]) => unknown)(...call.args),
        });
      } catch (error) {
        await duplex.send({ error: (error as Error).message });
      }
    }
  });
}

/**
 * Calls a method of a remote object as if it were local; a remote failure
 * comes back as a `ProtocolError` carrying the remote message.
 *
 * @example An unknown method is an error, not a hang
 * ```ts
 * import { callRemote, startRemoteObject } from "./remote.ts";
 * import { ProtocolError } from "../wire/errors.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await using remote = await startRemoteObject({});
 * await assertRejects(() => callRemote(remote.port, "nada", []), ProtocolError);
 * ```
 */
export async function callRemote(
  port: number,
  method: string,
  args: unknown[],
): Promise<unknown> {
  await using duplex = withCodec(
    await connectTcp({ port }),
    jsonCodec<unknown>(),
  );
  await duplex.send({ method, args });
  const reply = await duplex.receive() as
    | { result?: unknown; error?: string }
    | null;
  if (reply === null) {
    throw new ProtocolError("El objeto remoto cerró sin responder");
  }
  if (reply.error !== undefined) throw new ProtocolError(reply.error);
  return reply.result;
}
