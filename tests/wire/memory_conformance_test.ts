/**
 * The shared duplex conformance suite applied to the reference adapter with
 * no I/O at all: the in-memory pair. (Framed byte streams run it in
 * framed_conformance_test.ts; each transport in tests/transports/.)
 */

import { testDuplexConformance } from "../duplex_conformance.ts";
import { memoryDuplexPair } from "../../lib/wire/memory.ts";

testDuplexConformance("memory", () => memoryDuplexPair(), {
  // A memory end "dies" only by closing: its survivor sees a clean end.
  killPeer: (victim) => victim.close(),
  peerDeathOutcome: "null",
});
