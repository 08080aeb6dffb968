/**
 * Worker entry: receives the two rings of a channel, opens end "b" and
 * echoes every message until the main thread closes.
 *
 * @module
 */

import { echoUntilClosed } from "../../wire/echo.ts";
import { DuplexClosedError } from "../../wire/errors.ts";
import { type RingChannelBuffers, RingDuplex } from "../ring.ts";
import { RingPeerLostError } from "../ring_liveness.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<RingChannelBuffers>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event) => {
  scope.onmessage = null;
  const duplex = new RingDuplex(event.data, "b");
  scope.postMessage("ready");
  try {
    await echoUntilClosed(duplex);
  } catch (error) {
    // The main thread closed while an echo was on its way, or it is gone:
    // either way there is nobody left to echo to.
    const over = error instanceof DuplexClosedError ||
      error instanceof RingPeerLostError;
    if (!over) throw error;
  } finally {
    await duplex.close();
  }
};
