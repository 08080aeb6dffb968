/**
 * The shared duplex conformance suite applied to the fast framing: with owned
 * messages over every byte stream, and with reused buffers over TCP (the
 * suite finishes with each message before the next `receive()`, as
 * `reuseBuffers` asks).
 */

import { testFramedConformance } from "../wire/framed_conformance.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";

testFramedConformance("fast", (endpoint) => fastFramedDuplex(endpoint));

// Not over a TransformStream: it keeps each written chunk until it is read,
// so a reused write buffer would be overwritten under the reader.
testFramedConformance(
  "fast (reuseBuffers)",
  (endpoint) => fastFramedDuplex(endpoint, { reuseBuffers: true }),
  { webStreams: false },
);
