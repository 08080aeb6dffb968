// Issue 16: a client that connects and resets at once (RST right after the
// handshake) makes `accept` fail. That failure is the connection's, never
// the listener's: the server must not back off for it, nor keep a record of
// each one.

import { assert, assertEquals, assertThrows } from "@std/assert";
import { requestEcho, serveEcho } from "../../lib/net/echo.ts";
import {
  acceptBackoffMs,
  acceptLoop,
  DEFAULT_ACCEPT_BACKOFF,
} from "../../lib/net/server_accept.ts";
import { MAX_FAILURES_KEPT } from "../../lib/net/server_connections.ts";
import {
  framedListener,
  isLostBeforeAccept,
} from "../../lib/transports/listener.ts";
import { connectTcp, listenTcp } from "../../lib/transports/tcp.ts";
import { connectTcpFast, listenTcpFast } from "../../lib/fast/sockets.ts";
import { deadline } from "../../lib/util/deadline.ts";

const RESETS = 300;

/**
 * Connects `count` times and closes each with `SO_LINGER` 0, which sends an
 * RST instead of a FIN. Deno has no `setLinger`, so Python does it; the
 * child runs to completion before this resolves (killed past 30 s).
 */
async function resetConnections(port: number, count: number): Promise<void> {
  const script = `
import socket, struct
for _ in range(${count}):
    s = socket.create_connection(("127.0.0.1", ${port}))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
`;
  const child = new Deno.Command("/usr/bin/python3", {
    args: ["-c", script],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  try {
    const status = await deadline(child.status, 30_000, "reset clients");
    assert(status.success, `python3 exited with ${status.code}`);
  } finally {
    try {
      child.kill();
    } catch {
      // Already exited.
    }
    await child.status;
  }
}

Deno.test(`${RESETS} connect-then-reset clients are the connections' loss, not the listener's`, async () => {
  await using server = await serveEcho();
  await resetConnections(server.port, RESETS);
  // Accepted in order after every reset, so each reset has been seen by now.
  assertEquals(
    await requestEcho({ port: server.port, message: "hola" }),
    "hola",
  );
  const stats = server.stats();
  console.log(
    `resets: ${RESETS}, lost before accept: ${stats.lostBeforeAccept}, ` +
      `accepted: ${stats.accepted}, listener errors: ${stats.listenerErrors}, ` +
      `failures kept: ${server.failures.length}, by kind: ${
        JSON.stringify(stats.failuresByKind)
      }`,
  );
  // Each reset either failed its accept or was accepted and then failed its
  // handler's read: both are that connection's.
  assertEquals(stats.lostBeforeAccept + stats.accepted - 1, RESETS);
  assert(
    stats.lostBeforeAccept > 0,
    "no accept failed: the test saw no resets",
  );
  assertEquals(stats.listenerErrors, 0);
  assertEquals(stats.listenerGaveUp, false);
  assertEquals(server.failures.filter((f) => f.id === 0), []);
  assert(server.failures.length <= MAX_FAILURES_KEPT);
  // Counted by kind, never kept one by one.
  const { NotConnected = 0, ConnectionAborted = 0 } = stats.failuresByKind;
  assertEquals(NotConnected + ConnectionAborted, stats.lostBeforeAccept);
});

Deno.test("the framed listener skips connections reset before accept", async () => {
  const lost: unknown[] = [];
  using listener = framedListener<Deno.NetAddr>(
    Deno.listen({ hostname: "127.0.0.1", port: 0 }),
    { onLostBeforeAccept: (error) => lost.push(error) },
  );
  // Every reset is in the accept queue before the first accept.
  await resetConnections(listener.addr.port, 20);
  await using client = await connectTcp({ port: listener.addr.port });
  await using server = await deadline(listener.accept(), 10_000, "accept");
  await client.send(new Uint8Array([7]));
  assertEquals([...(await server.receive())!], [7]);
  assertEquals(lost.length, 20);
  assert(lost.every(isLostBeforeAccept));
});

Deno.test("listenTcp's accept gives the next live client after resets", async () => {
  using listener = listenTcp();
  await resetConnections(listener.addr.port, 5);
  await using client = await connectTcp({ port: listener.addr.port });
  await using server = await deadline(listener.accept(), 10_000, "accept");
  await client.send(new Uint8Array([8]));
  assertEquals([...(await server.receive())!], [8]);
});

Deno.test("the fast tier's busy-poll listener keeps accepting after resets", async () => {
  // accept4 hands back a connection reset in the queue (its first read ends
  // it: that connection's loss) or skips it; either way the listener itself
  // never fails, and the live client behind the resets is served.
  using listener = listenTcpFast();
  await resetConnections(listener.addr.port, 5);
  await using client = await connectTcpFast({ port: listener.addr.port });
  await client.send(new Uint8Array([8]));
  let deadOnes = 0;
  let got: number[] | null = null;
  while (got === null && deadOnes <= 5) {
    await using server = await deadline(listener.accept(), 10_000, "accept");
    const message = await deadline(server.receive(), 10_000, "a message");
    if (message === null) deadOnes++;
    else got = [...message];
  }
  assertEquals(got, [8]);
});

Deno.test("a listener error backs off, and the loop gives up at the policy's bound", async () => {
  const policy = { firstMs: 1, maxMs: 4, giveUpAfterMs: 18 };
  // 1 + 2 + 4 + 4 + 4 = 15; a sixth pause (4) would pass 18.
  assertEquals(
    [1, 2, 3, 4, 5, 6].map((n) => acceptBackoffMs(n, policy)),
    [1, 2, 4, 4, 4, null],
  );
  const emfile = Object.assign(new Error("Too many open files"), {
    code: "EMFILE",
  });
  let accepts = 0;
  const failing = {
    accept: () => {
      accepts++;
      return Promise.reject(emfile);
    },
  } as unknown as Deno.Listener;
  const pauses: (number | null)[] = [];
  const end = await deadline(
    acceptLoop(failing, {
      signal: new AbortController().signal,
      waitForRoom: () => Promise.resolve(),
      onConnection: () => {
        throw new Error("no connection expected");
      },
      onLostBeforeAccept: () => {
        throw new Error("EMFILE is the listener's");
      },
      onListenerError: (_error, pauseMs) => pauses.push(pauseMs),
      backoff: policy,
    }),
    10_000,
    "the accept loop to give up",
  );
  assertEquals([end, accepts, pauses], ["gave up", 6, [1, 2, 4, 4, 4, null]]);
});

Deno.test("the default back-off gives up after about 64 s of failures in a row", () => {
  let total = 0;
  let n = 1;
  for (
    let pause = acceptBackoffMs(n);
    pause !== null;
    pause = acceptBackoffMs(++n)
  ) {
    total += pause;
  }
  assertEquals(n, 70);
  assert(total <= DEFAULT_ACCEPT_BACKOFF.giveUpAfterMs);
  assert(
    total + DEFAULT_ACCEPT_BACKOFF.maxMs > DEFAULT_ACCEPT_BACKOFF.giveUpAfterMs,
  );
});

Deno.test("acceptBackoffMs refuses nonsense", () => {
  for (const bad of [0, -1, 1.5]) {
    assertThrows(() => acceptBackoffMs(bad), RangeError);
  }
  assertThrows(
    () => acceptBackoffMs(1, { firstMs: 10, maxMs: 5, giveUpAfterMs: 1 }),
    RangeError,
  );
});
