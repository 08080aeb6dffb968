/**
 * The duplex conformance suite for a framing function, over the byte streams
 * framing meets: a TCP connection on loopback and a pair of web streams.
 * Both tiers call {@linkcode testFramedConformance}: the teaching
 * `framedDuplex` (tests/wire/) and `fastFramedDuplex` (tests/fast/).
 *
 * @module
 */

import {
  type DuplexConformanceOptions,
  testDuplexConformance,
} from "../duplex_conformance.ts";
import type {
  FramedDuplex,
  ReadWriteResource,
  StreamPair,
} from "../../lib/wire/framed.ts";

/** Turns a byte endpoint into a framed duplex: `framedDuplex`, `fastFramedDuplex`, … */
export type Framer = (endpoint: ReadWriteResource | StreamPair) => FramedDuplex;

/** Which byte streams to run the suite over (default: all). */
export interface FramedConformanceOptions {
  tcp?: boolean;
  webStreams?: boolean;
  /** Passed on to every suite. */
  suite?: DuplexConformanceOptions;
}

/** How each victim end dies abruptly, by end. */
const killers = new WeakMap<FramedDuplex, () => Promise<void>>();

/** A connected framed pair over TCP on 127.0.0.1. */
async function tcpPair(frame: Framer): Promise<[FramedDuplex, FramedDuplex]> {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  const clientConn = await Deno.connect({
    hostname: "127.0.0.1",
    port: listener.addr.port,
  });
  const client = frame(clientConn);
  const server = frame(await accepted);
  // Dies like a process killed mid-send: a prefix for 100 bytes, 3 of them, gone.
  killers.set(client, async () => {
    await clientConn.write(new Uint8Array([0, 0, 0, 100, 1, 2, 3]));
    await client.close();
  });
  return [server, client];
}

/**
 * One direction of an in-memory byte pipe. Its 64 KiB of buffer make a
 * writer wait for the reader the way an OS pipe does; `breakPipe` fails it
 * as a broken pipe.
 */
function bytePipe() {
  let controller!: TransformStreamDefaultController<Uint8Array>;
  const pipe = new TransformStream<Uint8Array, Uint8Array>(
    { start: (c) => void (controller = c) },
    undefined,
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  const breakPipe = () =>
    controller.error(new Deno.errors.BrokenPipe("Broken pipe (simulated)"));
  return { pipe, breakPipe };
}

/** A connected framed pair over two in-memory byte pipes (web streams). */
function webStreamPair(frame: Framer): [FramedDuplex, FramedDuplex] {
  const there = bytePipe();
  const back = bytePipe();
  const a = frame({
    readable: back.pipe.readable,
    writable: there.pipe.writable,
  });
  const b = frame({
    readable: there.pipe.readable,
    writable: back.pipe.writable,
  });
  killers.set(b, () => Promise.resolve(back.breakPipe()));
  return [a, b];
}

/**
 * Registers the conformance suite for `frame` as `<tier> framing over tcp`
 * and `<tier> framing over web streams`.
 */
export function testFramedConformance(
  tier: string,
  frame: Framer,
  options: FramedConformanceOptions = {},
): void {
  const killPeer = (victim: unknown) => killers.get(victim as FramedDuplex)!();
  if (options.tcp ?? true) {
    testDuplexConformance(`${tier} framing over tcp`, () => tcpPair(frame), {
      ...options.suite,
      killPeer,
      // The survivor saw a prefix and part of a body: a truncated frame.
      peerDeathOutcome: "error",
    });
  }
  if (options.webStreams ?? true) {
    testDuplexConformance(
      `${tier} framing over web streams`,
      () => webStreamPair(frame),
      {
        ...options.suite,
        killPeer,
        // A broken pipe between frames is the end of the stream, not an error.
        peerDeathOutcome: "null",
      },
    );
  }
}
