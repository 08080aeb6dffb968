import { assertEquals, assertRejects } from "@std/assert";
import {
  mailboxPut,
  mailboxTake,
  measureSendModes,
  sendTransient,
  startMailbox,
} from "../../lib/net/communication.ts";
import { callRemote, startRemoteObject } from "../../lib/net/remote.ts";
import { serveEcho } from "../../lib/net/echo.ts";
import { ProtocolError } from "../../lib/wire/errors.ts";

Deno.test("a transient message reaches a running receiver and is lost once it stops", async () => {
  const receiver = await serveEcho();
  const port = receiver.port;
  assertEquals(await sendTransient(port, '"hola"'), {
    delivered: true,
    reply: '"hola"',
  });
  await receiver.stop();
  assertEquals(await sendTransient(port, "¿sigues ahí?"), {
    delivered: false,
    reason: "ConnectionRefused",
  });
});

Deno.test("the mailbox keeps messages until the receiver takes them, once", async () => {
  await using mailbox = await startMailbox();
  await mailboxPut(mailbox.port, "anime", "episodio 1");
  await mailboxPut(mailbox.port, "anime", "episodio 2");
  await mailboxPut(mailbox.port, "otros", "x");
  assertEquals(mailbox.pending(), { anime: 2, otros: 1 });
  assertEquals(await mailboxTake(mailbox.port, "anime"), [
    "episodio 1",
    "episodio 2",
  ]);
  assertEquals(await mailboxTake(mailbox.port, "anime"), []);
  assertEquals(mailbox.pending(), { otros: 1 });
});

Deno.test("a remote call returns results and carries remote failures back as errors", async () => {
  await using remote = await startRemoteObject({
    sumar: (a: number, b: number) => a + b,
    fallar: () => {
      throw new Error("no se puede");
    },
  });
  assertEquals(await callRemote(remote.port, "sumar", [40, 2]), 42);
  await assertRejects(
    () => callRemote(remote.port, "fallar", []),
    ProtocolError,
    "no se puede",
  );
  await assertRejects(
    () => callRemote(remote.port, "toString", []),
    ProtocolError,
  );
});

Deno.test("a synchronous sender is blocked for every acknowledgement, an asynchronous one is not", async () => {
  const times = await measureSendModes({ messages: 8, receiverDelayMs: 15 });
  // Counts, not times: the synchronous sender held all 8 acknowledgements
  // before its loop ended (it waited for each), the asynchronous one none.
  assertEquals(times.synchronousAcksWhileSending, 8);
  assertEquals(times.asynchronousAcksWhileSending, 0);
});
