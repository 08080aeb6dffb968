/**
 * Worker entry: receives the two rings of a channel, opens end "b" and
 * echoes every message until the main thread closes.
 *
 * @module
 */

import { echoUntilClosed } from "../../wire/echo.ts";
import { DuplexClosedError } from "../../wire/errors.ts";
import { type RingChannelBuffers, RingDuplex } from "../ring.ts";

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
    // The main thread closed while an echo was on its way: a normal end.
    if (!(error instanceof DuplexClosedError)) throw error;
  } finally {
    await duplex.close();
  }
};
