/**
 * Worker entry that misbehaves on a ring channel, for the peer-death tests.
 * Its name is `<tier>:<mode>`: tier `teaching` or `fast`; mode `vanish`
 * (starts a message far larger than the ring, then ends itself mid-message with
 * no goodbye), `stuck` (same, then spins for ever) or `crash` (echoes one
 * message, then throws on the next).
 */

import { RingDuplex } from "../../lib/transports/ring.ts";
import type { RingChannelBuffers } from "../../lib/transports/ring.ts";
import { openRingDuplex } from "../../lib/fast/ring.ts";

const scope = self as unknown as {
  name: string;
  onmessage: ((event: MessageEvent<RingChannelBuffers>) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
};
const [tier, mode] = scope.name.split(":");

scope.onmessage = async (event) => {
  scope.onmessage = null;
  const duplex = tier === "fast"
    ? openRingDuplex(event.data, "b")
    : new RingDuplex(event.data, "b");
  scope.postMessage("ready");
  if (mode === "crash") {
    await duplex.send((await duplex.receive())!);
    await duplex.receive();
    throw new Error("fallo a propósito");
  }
  // 32 MiB through a 1 KiB ring: tens of thousands of hand-offs, far more
  // than fit in the 50 ms before this thread vanishes mid-message.
  duplex.send(new Uint8Array(32 * 1024 * 1024)).catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (mode === "vanish") scope.close();
  // deno-lint-ignore no-empty
  else while (true) {}
};
