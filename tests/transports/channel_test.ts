/** MessageChannel and Worker duplexes: the conformance suite plus worker-specific behaviour. */

import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { testDuplexConformance, within } from "../duplex_conformance.ts";
import {
  channelDuplexPair,
  type PortDuplex,
  portDuplex,
  TRANSFER_FROM_BYTES,
} from "../../lib/transports/channel.ts";
import { ProtocolError } from "../../lib/wire/errors.ts";
import {
  spawnWorkerDuplex,
  WorkerCrashedError,
} from "../../lib/transports/worker_duplex.ts";

testDuplexConformance("channel", () => channelDuplexPair(), {
  // A port cannot see its peer's thread die; the supervisor declares it.
  killPeer: async (_victim, survivor) => {
    await Promise.resolve();
    (survivor as PortDuplex).markPeerDead();
  },
  peerDeathOutcome: "null",
});

Deno.test("portDuplex rejects things that are not ports", () => {
  assertThrows(() => portDuplex({} as never), TypeError);
});

Deno.test("send copies exactly the message, cloned or transferred, whatever buffer it views", async () => {
  const [a, b] = channelDuplexPair();
  try {
    const big = new ArrayBuffer(TRANSFER_FROM_BYTES * 2);
    const shared = new SharedArrayBuffer(16);
    const cases: [string, Uint8Array][] = [
      ["small, whole buffer", new Uint8Array([1, 2, 3])],
      ["small view into a large buffer", new Uint8Array(big, 100, 3).fill(4)],
      ["view into shared memory", new Uint8Array(shared, 4, 3).fill(5)],
      ["at the transfer size", new Uint8Array(TRANSFER_FROM_BYTES).fill(6)],
      ["empty", new Uint8Array(0)],
    ];
    for (const [name, message] of cases) {
      const expected = [...message];
      await a.send(message);
      message.fill(9); // the caller reuses its buffer at once
      const got = (await within(b.receive(), 5000, name))!;
      assertEquals([...got], expected, name);
      assertEquals(
        got.buffer.byteLength,
        got.length,
        `${name}: no more than the message`,
      );
      assertEquals(got.buffer instanceof SharedArrayBuffer, false, name);
    }
    assertEquals(
      big.byteLength,
      TRANSFER_FROM_BYTES * 2,
      "a viewed buffer is never detached",
    );
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("a port message that is neither bytes nor the goodbye is a ProtocolError", async () => {
  const { port1, port2 } = new MessageChannel();
  const duplex = portDuplex(port1);
  try {
    port2.postMessage({ not: "bytes" });
    await assertRejects(
      () => within(duplex.receive(), 5000, "receive"),
      ProtocolError,
    );
  } finally {
    await duplex.close();
    port2.close();
  }
});

Deno.test("sendTransfer hands the buffer over without copying", async () => {
  const [a, b] = channelDuplexPair();
  try {
    const buffer = new Uint8Array([5, 6, 7]).buffer;
    await a.sendTransfer(buffer);
    assertEquals(buffer.byteLength, 0, "the sender's buffer is detached");
    assertEquals([...(await within(b.receive(), 5000, "receive"))!], [5, 6, 7]);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("A worker echoes a 4 MiB message through the duplex", async () => {
  const echo = spawnWorkerDuplex(
    new URL("../../lib/transports/workers/echo_worker.ts", import.meta.url),
  );
  try {
    const big = new Uint8Array(4 * 1024 * 1024).map((_, i) => i % 251);
    await echo.send(big);
    assertEquals(await within(echo.receive(), 10_000, "echo"), big);
  } finally {
    await echo.close();
  }
});

Deno.test("A worker that crashes rejects the parent's pending receive", async () => {
  const doomed = spawnWorkerDuplex(
    new URL("./crash_worker.ts", import.meta.url),
  );
  try {
    const pending = doomed.receive();
    await doomed.send(new Uint8Array([1]));
    await assertRejects(
      () => within(pending, 10_000, "receive from a crashed worker"),
      WorkerCrashedError,
      "worker crashed on purpose",
    );
    assertEquals((await within(doomed.exited, 10_000, "exit")).success, false);
  } finally {
    await doomed.close();
  }
});

Deno.test("A worker killed through its handle ends the pending receive", async () => {
  await using echo = spawnWorkerDuplex(
    new URL("../../lib/transports/workers/echo_worker.ts", import.meta.url),
  );
  const pending = echo.duplex.receive();
  echo.kill();
  assertEquals(await within(pending, 10_000, "receive after kill"), null);
  assertEquals(await within(echo.exited, 10_000, "exit"), {
    success: false,
    code: null,
    signal: null,
  });
  // A dead peer swallows sends (a port cannot tell) and reads as the end.
  await echo.send(new Uint8Array([1]));
  assertEquals(await echo.receive(), null);
});

Deno.test("Closing a worker resolves exited as a clean end", async () => {
  const echo = spawnWorkerDuplex(
    new URL("../../lib/transports/workers/echo_worker.ts", import.meta.url),
  );
  await echo.close();
  assertEquals((await within(echo.exited, 10_000, "exit")).success, true);
});
