/**
 * One side of the randomized ring test, run in its own Worker: the producer
 * writes seeded random-size messages, the consumer checks every byte. Both
 * derive the same sizes from the seed, so neither trusts the other.
 */

import { RingConsumer, RingProducer } from "../../lib/fast/ring_buffer.ts";
import { seededRandom } from "../../lib/util/random.ts";

interface StressJob {
  role: "producer" | "consumer";
  ring: SharedArrayBuffer;
  seed: number;
  count: number;
  maxBytes: number;
}

function expectedByte(message: number, index: number, seed: number): number {
  return (message * 7 + index * 13 + seed) & 0xff;
}

// Typed view of the Worker global (the checker sees the window globals).
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<StressJob>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event: MessageEvent<StressJob>) => {
  const { role, ring, seed, count, maxBytes } = event.data;
  const sizes = seededRandom(seed);
  try {
    if (role === "producer") {
      const producer = new RingProducer(ring, { blocking: true });
      for (let m = 0; m < count; m++) {
        const size = sizes.int(0, maxBytes);
        const message = new Uint8Array(size);
        for (let i = 0; i < size; i++) message[i] = expectedByte(m, i, seed);
        await producer.writeMessage(message);
      }
      producer.close();
      scope.postMessage({ ok: true, count });
      return;
    }
    const consumer = new RingConsumer(ring, { blocking: true });
    let received = 0;
    let bytes = 0;
    while (true) {
      const message = await consumer.readMessage();
      if (message === null) break;
      const size = sizes.int(0, maxBytes);
      if (message.length !== size) {
        throw new Error(
          `Message ${received}: ${message.length} bytes, expected ${size}`,
        );
      }
      for (let i = 0; i < size; i++) {
        if (message[i] !== expectedByte(received, i, seed)) {
          throw new Error(`Message ${received}: byte ${i} corrupted`);
        }
      }
      received++;
      bytes += size;
    }
    consumer.close();
    scope.postMessage({ ok: true, count: received, bytes });
  } catch (error) {
    scope.postMessage({ ok: false, error: String(error) });
  }
};
