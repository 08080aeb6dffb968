/** The shared conformance suite over the shared-memory ring duplex. */

import { testDuplexConformance } from "../duplex_conformance.ts";
import { type RingDuplex, ringDuplexPair } from "../../lib/fast/ring.ts";

// A small ring (4 KiB) so the 1 MiB case wraps around hundreds of times.
testDuplexConformance("ring", () => ringDuplexPair(4096), {
  killPeer: async (_victim, survivor) => {
    await Promise.resolve();
    (survivor as RingDuplex).markPeerDead();
  },
  peerDeathOutcome: "null",
});
