/**
 * Worker entry: connects to the mechanism named in its first message and
 * serves the bench protocol until the harness closes the pair.
 *
 * Started by `peer_host.ts`, never imported. The peer runs on its own thread
 * so the sender and the receiver really run in parallel, as the Python and C
 * baselines' two processes do. It reports through messages (a Worker's
 * console is not the notebook's).
 *
 * @module
 */

/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />

import { portDuplex } from "../transports/channel.ts";
import { openRingDuplex } from "../fast/ring.ts";
import { connectTcpFast } from "../fast/sockets.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { serveBenchPeer } from "./protocol.ts";
import type { PeerReport, PeerRequest } from "./peer_host.ts";

async function connect(request: PeerRequest): Promise<MessageDuplex> {
  switch (request.kind) {
    case "tcp":
      // The fast tier, as every bench pair: event-loop reads in a Worker.
      return await connectTcpFast({
        port: request.port,
        busyPollMs: false,
        reuseBuffers: true,
      });
    case "port":
      return portDuplex(request.port);
    case "ring":
      // A Worker may block in Atomics.wait: the fastest wake-up.
      return openRingDuplex(request.buffers, "b", {
        blocking: true,
        lendMessages: true, // the peer finishes with each message first
      });
  }
}

function report(message: PeerReport): void {
  self.postMessage(message);
}

self.onmessage = async (event: MessageEvent<PeerRequest>) => {
  self.onmessage = null;
  try {
    const duplex = await connect(event.data);
    report({ type: "ready" });
    const tally = await serveBenchPeer(duplex);
    await duplex.close();
    report({ type: "done", tally });
  } catch (error) {
    report({ type: "error", message: String(error) });
  }
};
