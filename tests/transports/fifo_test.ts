/** Named pipes: conformance over two FIFOs, bounded opens, and the one-FIFO race. */

import { assert, assertEquals, assertRejects } from "@std/assert";
import { testDuplexConformance } from "../duplex_conformance.ts";
import {
  createFifoPair,
  openFifo,
  openFifoDuplex,
} from "../../lib/transports/fifo.ts";
import { stageOneFifoRace } from "../../lib/transports/fifo_race.ts";
import { WaitTimeoutError } from "../../lib/util/deadline.ts";

testDuplexConformance("fifo", async () => {
  const fifos = await createFifoPair();
  const [server, client] = await Promise.all([
    openFifoDuplex(fifos.requests, fifos.replies),
    openFifoDuplex(fifos.replies, fifos.requests),
  ]);
  return { pair: [client, server], cleanup: () => fifos.remove() };
}, {
  // A process that dies closes its FIFO ends: the survivor reads the end.
  killPeer: (victim) => victim.close(),
  peerDeathOutcome: "null",
});

Deno.test("Opening a FIFO nobody else opens times out instead of hanging", async () => {
  await using fifos = await createFifoPair();
  for (const direction of ["read", "write"] as const) {
    await assertRejects(
      () => openFifo(fifos.replies, direction, 30),
      WaitTimeoutError,
    );
  }
});

Deno.test("The FIFO directory is private and removed afterwards", async () => {
  const fifos = await createFifoPair();
  const mode = (await Deno.stat(fifos.dir)).mode! & 0o777;
  assertEquals(mode, 0o700);
  assertEquals((await Deno.lstat(fifos.requests)).mode! & 0o777, 0o600);
  await fifos.remove();
  await assertRejects(() => Deno.stat(fifos.dir), Deno.errors.NotFound);
});

Deno.test("With one FIFO and no sleep, the server reads its own reply", async () => {
  const race = await stageOneFifoRace("abracadabra", 100);
  assert(race.serverReadItsOwnReply);
  assert(race.clientStarved);
  assertEquals(race.steps[1].bytes, "abracadabra");
  assertEquals(race.steps[3].bytes, "arbadacarba");
});
