/** MessageChannel and Worker duplexes: the conformance suite plus worker-specific behaviour. */

import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { testDuplexConformance, within } from "../duplex_conformance.ts";
import {
  channelDuplexPair,
  type PortDuplex,
  portDuplex,
} from "../../lib/transports/channel.ts";
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
