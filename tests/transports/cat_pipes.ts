/**
 * The conformance suite over real OS pipes, for any framing: each direction
 * crosses two kernel pipes through a `cat` process, so both ends live in the
 * test while every byte still goes through the kernel. Killing the `cat` that
 * carries b→a is the peer's death: a reads the end of the stream.
 */

import { testDuplexConformance } from "../duplex_conformance.ts";
import type { MessageDuplex } from "../../lib/wire/duplex.ts";
import type { StreamPair } from "../../lib/wire/framed.ts";

function spawnCat(): Deno.ChildProcess {
  return new Deno.Command("cat", {
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
}

/**
 * Runs the suite on ends built from the relays themselves: `frame(into,
 * from)` writes into `into`'s stdin and reads `from`'s stdout (for ends that
 * need the processes, e.g. to open their pipes by descriptor).
 */
export function testCatRelayConformance(
  name: string,
  frame: (into: Deno.ChildProcess, from: Deno.ChildProcess) => MessageDuplex,
): void {
  const relayOf = new WeakMap<MessageDuplex, Deno.ChildProcess>();
  testDuplexConformance(name, () => {
    const aToB = spawnCat();
    const bToA = spawnCat();
    const a = frame(aToB, bToA);
    const b = frame(bToA, aToB);
    relayOf.set(b, bToA);
    return {
      pair: [a, b],
      cleanup: async () => {
        for (const relay of [aToB, bToA]) {
          try {
            relay.kill("SIGKILL");
          } catch {
            // Already exited after its stdin closed.
          }
          await relay.status;
        }
      },
    };
  }, {
    killPeer: async (victim) => {
      const relay = relayOf.get(victim)!;
      relay.kill("SIGKILL");
      await relay.status;
    },
    peerDeathOutcome: "null",
  });
}

/** Runs the suite on `frame` over two `cat` relays. */
export function testCatPipeConformance(
  name: string,
  frame: (pair: StreamPair) => MessageDuplex,
): void {
  testCatRelayConformance(
    name,
    (into, from) => frame({ readable: from.stdout, writable: into.stdin }),
  );
}
