/**
 * A framed duplex against a raw socket peer: frames a peer wrote byte by byte,
 * every way a stream ends, half-close. Each behaviour runs against both
 * tiers (the teaching `framedDuplex` and `fastFramedDuplex`); the teaching
 * tier's one-write-per-frame sending is checked last. The fast tier's own
 * tricks are tested in tests/fast/.
 */

import {
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertThrows,
} from "@std/assert";
import {
  DuplexClosedError,
  encodeFrame,
  encodeFrames,
  type FramedDuplex,
  framedDuplex,
  type FramedDuplexOptions,
  FrameTooLargeError,
  type ReadWriteResource,
  type StreamPair,
  TruncatedFrameError,
} from "../../lib/wire/mod.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";

type Framer = (
  endpoint: ReadWriteResource | StreamPair,
  options?: FramedDuplexOptions,
) => FramedDuplex;

const tiers: [string, Framer][] = [
  ["framedDuplex", framedDuplex],
  ["fastFramedDuplex", fastFramedDuplex],
];

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A framed duplex on one side of a loopback TCP connection, a raw socket on the other. */
async function framedAgainstRaw(frame: Framer, maxFrameBytes?: number) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  const raw = await Deno.connect({
    hostname: "127.0.0.1",
    port: listener.addr.port,
  });
  const framed = frame(await accepted, { maxFrameBytes });
  listener.close();
  return {
    framed,
    raw,
    async [Symbol.asyncDispose]() {
      await framed.close();
      try {
        raw.close();
      } catch { /* already closed by the test */ }
    },
  };
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array) {
  let offset = 0;
  while (offset < bytes.length) {
    offset += await conn.write(bytes.subarray(offset));
  }
}

for (const [tier, frame] of tiers) {
  Deno.test(`${tier} reads frames a raw peer wrote byte by byte`, async () => {
    await using t = await framedAgainstRaw(frame);
    const bytes = encodeFrames([
      enc.encode("uno"),
      new Uint8Array(),
      enc.encode("tres"),
    ]);
    for (const b of bytes) await writeAll(t.raw, new Uint8Array([b]));
    assertEquals(dec.decode((await t.framed.receive())!), "uno");
    assertEquals((await t.framed.receive())!.length, 0);
    assertEquals(dec.decode((await t.framed.receive())!), "tres");
  });

  Deno.test(`${tier} returns null when the peer closes between frames`, async () => {
    await using t = await framedAgainstRaw(frame);
    await writeAll(t.raw, encodeFrame(enc.encode("adiós")));
    t.raw.close();
    assertEquals(dec.decode((await t.framed.receive())!), "adiós");
    assertEquals(await t.framed.receive(), null);
    assertEquals(await t.framed.receive(), null);
  });

  Deno.test(`${tier} rejects a peer that vanishes mid-frame with the missing byte count`, async () => {
    await using t = await framedAgainstRaw(frame);
    await writeAll(t.raw, encodeFrame(enc.encode("waku waku")).subarray(0, 8));
    t.raw.close();
    const error = await assertRejects(
      () => t.framed.receive(),
      TruncatedFrameError,
    );
    assertEquals(error.missingBytes, 5);
  });

  Deno.test(`${tier} rejects an oversized length without waiting for the body`, async () => {
    await using t = await framedAgainstRaw(frame, 1000);
    await writeAll(t.raw, new Uint8Array([0, 0, 0x10, 0])); // 4096 > 1000
    const error = await assertRejects(
      () => t.framed.receive(),
      FrameTooLargeError,
    );
    assertEquals(error.announcedBytes, 4096);
  });

  Deno.test(`${tier} treats garbage bytes as an oversized frame, not a message`, async () => {
    await using t = await framedAgainstRaw(frame);
    await writeAll(t.raw, enc.encode("GET / HTTP/1.1\r\n\r\n")); // "GET " = 0x47455420
    await assertRejects(() => t.framed.receive(), FrameTooLargeError);
  });

  Deno.test(`${tier} resolves a pending receive with null when closed locally`, async () => {
    await using t = await framedAgainstRaw(frame);
    const pending = t.framed.receive();
    await t.framed.close();
    assertEquals(await pending, null);
  });

  Deno.test(`${tier} rejects send after close with DuplexClosedError`, async () => {
    await using t = await framedAgainstRaw(frame);
    await t.framed.close();
    await assertRejects(
      () => t.framed.send(new Uint8Array([1])),
      DuplexClosedError,
    );
  });

  Deno.test(`${tier} half-close lets replies still arrive`, async () => {
    await using t = await framedAgainstRaw(frame);
    await t.framed.send(enc.encode("ping"));
    await t.framed.closeWrite();
    const buffer = new Uint8Array(64);
    let got = 0;
    while (true) {
      const n = await t.raw.read(buffer.subarray(got));
      if (n === null) break; // FIN after the frame
      got += n;
    }
    assertEquals(buffer.subarray(0, got), encodeFrame(enc.encode("ping")));
    await writeAll(t.raw, encodeFrame(enc.encode("pong")));
    assertEquals(dec.decode((await t.framed.receive())!), "pong");
  });

  Deno.test(`${tier} carries a 1 MiB message over TCP intact`, async () => {
    await using t = await framedAgainstRaw(frame);
    const payload = crypto.getRandomValues(new Uint8Array(65536));
    const big = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 16; i++) big.set(payload, i * 65536);
    const writer = writeAll(t.raw, encodeFrame(big));
    const received = await t.framed.receive();
    await writer;
    assertEquals(received!.length, big.length);
    assertEquals(received, big);
  });

  Deno.test(`${tier} rejects a maxFrameBytes above 1 GiB before wrapping the endpoint`, () => {
    const { readable, writable } = new TransformStream<Uint8Array>();
    for (const maxFrameBytes of [2 ** 30 + 1, 0xffff_ffff, -1]) {
      assertThrows(
        () => frame({ readable, writable }, { maxFrameBytes }),
        RangeError,
        "maxFrameBytes inválido",
      );
    }
    // the streams were left untouched, so the caller can still use them
    assertEquals(readable.locked, false);
    assertEquals(writable.locked, false);
  });

  Deno.test(`${tier} rejects an endpoint that is neither a resource nor a stream pair`, () => {
    try {
      frame({} as unknown as Deno.Conn);
      throw new Error("expected a TypeError");
    } catch (error) {
      assertInstanceOf(error, TypeError);
    }
  });
}

Deno.test("framedDuplex writes each frame whole, one write per frame, in order", async () => {
  const writes: Uint8Array[] = [];
  const sink = new WritableStream<Uint8Array>({
    write: (chunk) => void writes.push(chunk),
  });
  const duplex = framedDuplex({
    readable: new ReadableStream(),
    writable: sink,
  });
  await duplex.send(enc.encode("uno"));
  assertEquals(writes.length, 1, "prefix and body leave together");
  assertEquals(writes[0], encodeFrame(enc.encode("uno")));
  await Promise.all([1, 2, 3, 4].map((n) => duplex.send(new Uint8Array([n]))));
  // concurrent sends wait their turn: never interleaved, never merged
  assertEquals(
    writes.slice(1),
    [1, 2, 3, 4].map((n) => encodeFrame(new Uint8Array([n]))),
  );
  await duplex.close();
});

for (const [tier, frame] of tiers) {
  Deno.test(`${tier} close gives up on a send the peer never reads, and runs onClose once`, async () => {
    // 64 KiB of buffer that nobody drains: the second send blocks in its write.
    const pipe = new TransformStream<Uint8Array, Uint8Array>(
      undefined,
      undefined,
      new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
    );
    let onCloseRuns = 0;
    const duplex = frame(
      { readable: new ReadableStream(), writable: pipe.writable },
      { onClose: () => void onCloseRuns++ },
    );
    await duplex.send(new Uint8Array(100_000));
    const stuck = duplex.send(new Uint8Array(100_000));
    const queued = duplex.send(new Uint8Array(3));
    await Promise.all([duplex.close(), duplex.close()]);
    await assertRejects(() => stuck, DuplexClosedError);
    await assertRejects(() => queued, DuplexClosedError);
    assertEquals([duplex.closed, onCloseRuns], [true, 1]);
    await pipe.readable.cancel();
  });
}

for (const [tier, frame] of tiers) {
  Deno.test(`${tier} reads a connection reset between frames as the end`, async () => {
    let reads = 0;
    const duplex = frame({
      read(buffer) {
        if (reads++ > 0) {
          return Promise.reject(new Deno.errors.ConnectionReset("reset"));
        }
        buffer.set(encodeFrame(enc.encode("hola")));
        return Promise.resolve(8);
      },
      write: (bytes) => Promise.resolve(bytes.length),
      close: () => {},
    });
    assertEquals(dec.decode((await duplex.receive())!), "hola");
    assertEquals(await duplex.receive(), null);
    await duplex.close();
  });
}
