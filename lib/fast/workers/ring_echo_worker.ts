/**
 * Worker entry: receives a ring channel's buffers, then echoes every message
 * over the rings (side "b", blocking waits: this thread does nothing else).
 *
 * @module
 */

import { echoUntilClosed } from "../../wire/echo.ts";
import { openRingDuplex, type RingChannelBuffers } from "../ring.ts";
import { RingPeerLostError } from "../../transports/ring_liveness.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<RingChannelBuffers>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event) => {
  scope.onmessage = null;
  const duplex = openRingDuplex(event.data, "b", { blocking: true });
  scope.postMessage("ready");
  try {
    await echoUntilClosed(duplex);
  } catch (error) {
    // The main thread is gone: nobody is left to echo to.
    if (!(error instanceof RingPeerLostError)) throw error;
  } finally {
    await duplex.close();
  }
};
