/** The shared conformance suite over both tiers of the shared-memory ring. */

import { testDuplexConformance } from "../duplex_conformance.ts";
import {
  type RingDuplex as TeachingRingDuplex,
  ringDuplexPair as teachingRingPair,
} from "../../lib/transports/ring.ts";
import {
  type RingDuplex as FastRingDuplex,
  ringDuplexPair as fastRingPair,
} from "../../lib/fast/ring.ts";

// Small rings (4 KiB) so the 1 MiB case wraps around hundreds of times.
testDuplexConformance("ring (teaching)", () => teachingRingPair(4096), {
  killPeer: async (_victim, survivor) => {
    await Promise.resolve();
    (survivor as TeachingRingDuplex).markPeerDead();
  },
  peerDeathOutcome: "null",
});

testDuplexConformance("ring (fast)", () => fastRingPair(4096), {
  killPeer: async (_victim, survivor) => {
    await Promise.resolve();
    (survivor as FastRingDuplex).markPeerDead();
  },
  peerDeathOutcome: "null",
});
