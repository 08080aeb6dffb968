import { assertEquals } from "@std/assert";
import { encodeFrame, framedDuplex, FrameDecoder } from "../../lib/wire/mod.ts";

/** A write-only resource that records every write it is given (copied). */
function recordingResource() {
  const writes: Uint8Array[] = [];
  return {
    writes,
    read: () => Promise.resolve(null),
    write: (bytes: Uint8Array) => {
      writes.push(bytes.slice());
      return Promise.resolve(bytes.length);
    },
    close: () => {},
  };
}

/** Concatenates recorded writes back into the byte stream the peer sees. */
function joined(writes: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(writes.reduce((n, w) => n + w.length, 0));
  let offset = 0;
  for (const w of writes) {
    out.set(w, offset);
    offset += w.length;
  }
  return out;
}

Deno.test("a large message goes out as prefix with head, then the rest, byte-exact", async () => {
  const resource = recordingResource();
  const duplex = framedDuplex(resource);
  const message = new Uint8Array(300 * 1024).map((_, i) => (i * 31) & 0xff);
  await duplex.send(message);
  // Never a lone 4-byte prefix: the first write carries 64 KiB with it.
  assertEquals(resource.writes.map((w) => w.length), [
    64 * 1024,
    message.length + 4 - 64 * 1024,
  ]);
  assertEquals(joined(resource.writes), encodeFrame(message));
  await duplex.close();
});

Deno.test("small and concurrent messages still share one encoded write", async () => {
  const resource = recordingResource();
  const duplex = framedDuplex(resource);
  const big = new Uint8Array(300 * 1024).fill(7);
  const small = new Uint8Array([1, 2, 3]);
  // The first send flushes alone; the two queued meanwhile merge into one write.
  await Promise.all([
    duplex.send(small),
    duplex.send(big),
    duplex.send(small),
  ]);
  assertEquals(resource.writes.length, 2);
  const decoder = new FrameDecoder();
  decoder.push(joined(resource.writes));
  const lengths: number[] = [];
  for (
    let step = decoder.next();
    step.kind === "frame";
    step = decoder.next()
  ) {
    lengths.push(step.frame.length);
  }
  assertEquals(lengths, [3, big.length, 3]);
  await duplex.close();
});

Deno.test("a web stream that keeps chunks gets a copy, never the caller's buffer", async () => {
  const chunks: Uint8Array[] = [];
  const duplex = framedDuplex({
    readable: new ReadableStream<Uint8Array>({ start: (c) => c.close() }),
    writable: new WritableStream<Uint8Array>({
      write: (c) => void chunks.push(c),
    }),
  });
  const message = new Uint8Array(300 * 1024).fill(9);
  await duplex.send(message);
  message.fill(0); // the caller reuses its buffer once send settles
  assertEquals(joined(chunks).subarray(4).every((b) => b === 9), true);
  await duplex.close();
});
