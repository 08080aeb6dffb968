// Issue 16: a ring's peer thread that vanishes mid-message, gets stuck, or
// crashes after start-up must reach the surviving end as a typed error
// within a bound, with no supervisor calling markPeerDead.

import { assertEquals, assertInstanceOf, assertRejects } from "@std/assert";
import { startRingWorker } from "../../lib/transports/ring_worker.ts";
import { startFastRingWorker } from "../../lib/fast/ring_worker.ts";
import { RingPeerLostError } from "../../lib/transports/ring_liveness.ts";
import { deadline } from "../../lib/util/deadline.ts";

const entry = new URL("./ring_dying_worker.ts", import.meta.url);
const spawners = {
  teaching: (name: string) =>
    startRingWorker(entry, { capacityBytes: 1024, peerSilenceMs: 300, name }),
  fast: (name: string) =>
    startFastRingWorker(entry, {
      capacityBytes: 1024,
      peerSilenceMs: 300,
      name,
    }),
};

for (const tier of ["teaching", "fast"] as const) {
  for (const mode of ["vanish", "stuck"] as const) {
    Deno.test(`${tier} ring: a peer that ${mode === "vanish" ? "ends itself" : "gets stuck"} mid-message is a RingPeerLostError`, async () => {
      await using peer = await spawners[tier](`${tier}:${mode}`);
      // Let it fill the ring first (not a timing assertion: either way the
      // receive below finds the message cut short).
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Bounded by the test itself too, so a regression fails, not hangs.
      const error = await deadline(
        peer.duplex.receive().then(() => null, (e: unknown) => e),
        10_000,
        "the peer's death to surface",
      );
      assertInstanceOf(error, RingPeerLostError);
      assertEquals((error as RingPeerLostError).reason, "silence");
      // Sticky: every later wait fails the same way at once.
      await assertRejects(() => peer.duplex.receive(), RingPeerLostError);
    });
  }

  Deno.test(`${tier} ring: a crash after start-up is not swallowed: the next wait throws it`, async () => {
    await using peer = await spawners[tier](`${tier}:crash`);
    await peer.duplex.send(new Uint8Array([1, 2]));
    assertEquals([...(await peer.duplex.receive())!], [1, 2]);
    await peer.duplex.send(new Uint8Array([3]));
    const error = await deadline(
      peer.duplex.receive().then(() => null, (e: unknown) => e),
      10_000,
      "the crash to surface",
    );
    assertInstanceOf(error, RingPeerLostError);
    assertEquals((error as RingPeerLostError).reason, "crash");
  });
}
