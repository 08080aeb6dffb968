import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { delay } from "@std/async/delay";
import { testDuplexConformance, within } from "../duplex_conformance.ts";
import { connectTcp, listenTcp } from "../../lib/transports/tcp.ts";
import {
  connectTcpFast,
  connectUnixFast,
  listenTcpFast,
  type ListenTcpFastOptions,
  listenUnixFast,
} from "../../lib/fast/sockets.ts";
import { blockingSocketResource } from "../../lib/fast/blocking_socket.ts";
import { BusyPollSocket } from "../../lib/fast/busy_poll_socket.ts";
import type { MessageDuplex } from "../../lib/wire/duplex.ts";

// Failures, closes and the Unix path rules are in sockets_errors_test.ts.

/** A short spin keeps the suite light on a shared 2-core machine. */
const BUSY = { busyPollMs: 0.05 } as const;
/** The bench's `-async` rows: fast framing on a `Deno.Conn`. */
const EVENT_LOOP = { busyPollMs: false } as const;

// Both read variants, with and without lent buffers (the bench lends).
const variants = [
  ["busy-poll", BUSY],
  ["event loop", EVENT_LOOP],
] as const;
for (const [label, reads] of variants) {
  for (const reuseBuffers of [false, true]) {
    const options = { ...reads, reuseBuffers };
    const suffix = reuseBuffers ? ", reused buffers" : "";
    testDuplexConformance(`tcp fast (${label}${suffix})`, async () => {
      const listener = listenTcpFast(options);
      const accepted = listener.accept();
      const client = await connectTcpFast({
        port: listener.addr.port,
        ...options,
      });
      const server = await accepted;
      return { pair: [client, server], cleanup: () => listener.close() };
    }, { killPeer: (victim) => victim.close() });

    testDuplexConformance(`unix fast (${label}${suffix})`, async () => {
      const listener = await listenUnixFast(options);
      const accepted = listener.accept();
      const client = await connectUnixFast({ path: listener.path, ...options });
      const server = await accepted;
      return { pair: [client, server], cleanup: () => listener.close() };
    }, { killPeer: (victim) => victim.close(), largeMessageBytes: 3 << 20 });
  }
}

Deno.test("fast onClose belongs to a connection, never to a listener", async () => {
  for (const [, reads] of variants) {
    // @ts-expect-error: a listener has no onClose; each connection has its own.
    const wrong: ListenTcpFastOptions = { onClose: () => {} };
    let stray = 0;
    const listener = listenTcpFast({
      ...reads,
      ...({ onClose: () => void stray++ } as typeof wrong),
    });
    const accepted = listener.accept();
    let closes = 0;
    const client = await connectTcpFast({
      port: listener.addr.port,
      ...reads,
      onClose: () => void closes++,
    });
    const server = await accepted;
    listener.close();
    await client.send(new Uint8Array([1]));
    assertEquals([...(await server.receive())!], [1]);
    assertEquals(closes, 0);
    await Promise.all([client.close(), client.close()]);
    await server.close();
    assertEquals([closes, stray], [1, 0]);
  }
});

Deno.test("fast sockets speak the same frames as the teaching tier", async () => {
  // Busy-poll listener, teaching client; then a teaching listener, busy-poll client.
  using busyListener = listenTcpFast(BUSY);
  const accepted = busyListener.accept();
  await using plainClient = await connectTcp({ port: busyListener.addr.port });
  await using busyServer = await accepted;
  await plainClient.send(new TextEncoder().encode("waku"));
  assertEquals(
    new TextDecoder().decode((await busyServer.receive())!),
    "waku",
  );

  using plainListener = listenTcp();
  const acceptedPlain = plainListener.accept();
  await using busyClient = await connectTcpFast({
    port: plainListener.addr.port,
    ...BUSY,
  });
  await using plainServer = await acceptedPlain;
  const big = new Uint8Array(2 << 20).map((_, i) => i % 251);
  await busyClient.send(big);
  assertEquals(await plainServer.receive(), big);
});
const echoChild = new URL("./fast_echo_child.ts", import.meta.url);

/** The echo child, connecting with blocking libc calls to `where`. */
function blockingEchoChild(where: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-ffi", "--allow-read", echoChild.href, ...where],
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
}

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`${transport}: a blocking libc peer echoes 1 MiB whole, then ends`, async () => {
    await using listener = transport === "tcp"
      ? listenTcpFast({ busyPollMs: false })
      : await listenUnixFast({ busyPollMs: false });
    const child = blockingEchoChild(
      transport === "tcp"
        ? ["tcp", String((listener.addr as Deno.NetAddr).port)]
        : ["unix", (listener.addr as Deno.UnixAddr).path],
    );
    const accepted = await within(listener.accept(), 20_000, "connect");
    try {
      const big = new Uint8Array(1 << 20).map((_, i) => (i * 7) & 0xff);
      for (const message of [new Uint8Array([1, 2]), big]) {
        await accepted.send(message);
        assertEquals(await within(accepted.receive(), 20_000, "echo"), message);
      }
    } finally {
      await accepted.close();
    }
    assertEquals((await within(child.status, 20_000, "exit")).code, 0);
  });
}

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`${transport}: a spin-then-block libc peer answers early and late messages`, async () => {
    await using listener = transport === "tcp"
      ? listenTcpFast({ busyPollMs: false })
      : await listenUnixFast({ busyPollMs: false });
    const where = transport === "tcp"
      ? ["tcp", String((listener.addr as Deno.NetAddr).port)]
      : ["unix", (listener.addr as Deno.UnixAddr).path];
    const child = blockingEchoChild([...where, "0.2"]);
    const accepted = await within(listener.accept(), 20_000, "connect");
    try {
      const big = new Uint8Array(1 << 20).map((_, i) => (i * 5) & 0xff);
      // Back to back (caught by the spin), then after pauses far past the
      // 0.2 ms budget (the read has given up spinning and blocks).
      for (const pauseMs of [0, 0, 30, 30]) {
        await delay(pauseMs);
        for (const message of [new Uint8Array([pauseMs, 7]), big]) {
          await accepted.send(message);
          assertEquals(
            await within(accepted.receive(), 20_000, "echo"),
            message,
          );
        }
      }
    } finally {
      await accepted.close();
    }
    assertEquals((await within(child.status, 20_000, "exit")).code, 0);
  });
}

Deno.test("a blocking socket refuses a spin budget out of range", () => {
  const socket = {} as unknown as BusyPollSocket;
  for (const spinMs of [-1, Number.NaN, 1001]) {
    assertThrows(() => blockingSocketResource(socket, spinMs), RangeError);
  }
});

Deno.test("a blocking socket refuses a wait limit that is not positive", () => {
  // Checked before any call (so a bare `this` is enough to show it).
  const { readBlocking, writeBlocking } = BusyPollSocket.prototype;
  const bare = {} as BusyPollSocket;
  for (const limit of [0, -1, Number.NaN]) {
    assertThrows(
      () => readBlocking.call(bare, new Uint8Array(1), 0, limit),
      RangeError,
      "positivo",
    );
    assertThrows(
      () => writeBlocking.call(bare, new Uint8Array(1), limit),
      RangeError,
      "positivo",
    );
  }
});

/** Blocking ends with a 150 ms wait limit, as the bench's -block rows. */
const BOUNDED_BLOCKING = {
  busyPollMs: false,
  blockingIo: true,
  blockingWaitLimitMs: 150,
} as const;

/**
 * An accepted end with `BOUNDED_BLOCKING` and its peer, a `Deno.Conn` on
 * the event loop: the peer must not need this thread, which the blocking
 * end holds while it waits. Closes both.
 */
async function withBlockingEnd(
  transport: "tcp" | "unix",
  use: (accepted: MessageDuplex, peer: Deno.Conn) => Promise<void>,
): Promise<void> {
  await using listener = transport === "tcp"
    ? listenTcpFast(BOUNDED_BLOCKING)
    : await listenUnixFast(BOUNDED_BLOCKING);
  const peer =
    await (transport === "tcp"
      ? Deno.connect({ port: (listener.addr as Deno.NetAddr).port })
      : Deno.connect({
        transport: "unix",
        path: (listener.addr as Deno.UnixAddr).path,
      }));
  try {
    const accepted = await within(listener.accept(), 20_000, "accept");
    try {
      await use(accepted, peer);
    } finally {
      await accepted.close();
    }
  } finally {
    peer.close();
  }
}

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`${transport}: an accepted end with blockingIo reads what came, and a silent peer's wait ends in TimedOut`, async () => {
    await withBlockingEnd(transport, async (accepted, peer) => {
      await peer.write(new Uint8Array([0, 0, 0, 2, 7, 8]));
      assertEquals([...(await accepted.receive())!], [7, 8]);
      // Nothing more comes: the read sleeps 150 ms at most, then fails.
      await assertRejects(() => accepted.receive(), Deno.errors.TimedOut);
    });
  });

  Deno.test(`${transport}: a blocking send into a peer that never reads ends in TimedOut`, async () => {
    await withBlockingEnd(transport, async (accepted) => {
      // Far more than both socket buffers hold (2 MiB asked for a Unix
      // send buffer): the send waits for room that never comes.
      await assertRejects(
        () => accepted.send(new Uint8Array(64 << 20)),
        Deno.errors.TimedOut,
      );
    });
  });

  Deno.test(`${transport}: a bad blocking option is refused before any socket is opened`, async () => {
    for (
      const bad of [
        { ...BOUNDED_BLOCKING, blockingWaitLimitMs: 0 },
        { ...BOUNDED_BLOCKING, blockingWaitLimitMs: Number.NaN },
        { ...BOUNDED_BLOCKING, busyPollMs: 5_000 },
      ]
    ) {
      if (transport === "tcp") {
        assertThrows(() => listenTcpFast(bad), RangeError);
        // Port 1 is never dialled: the option fails first.
        await assertRejects(
          () => connectTcpFast({ ...bad, port: 1 }),
          RangeError,
        );
      } else {
        await assertRejects(() => listenUnixFast(bad), RangeError);
        await assertRejects(
          () => connectUnixFast({ ...bad, path: "/nonexistent/kit.sock" }),
          RangeError,
        );
      }
    }
  });
}

Deno.test("a blocking libc peer sees a frame cut short as TruncatedFrameError", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const child = blockingEchoChild(["tcp", String(listener.addr.port)]);
  const conn = await within(listener.accept(), 20_000, "connect");
  // A prefix announcing 100 bytes, 10 of them, and the end.
  await conn.write(new Uint8Array([0, 0, 0, 100, ...new Uint8Array(10)]));
  await conn.closeWrite();
  try {
    assertEquals((await within(child.status, 20_000, "exit")).code, 3);
  } finally {
    conn.close();
  }
});
