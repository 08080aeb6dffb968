// Slow and silent clients cannot hold the server's slots: a frame has a
// deadline once started, a stalled connection has a cap, and a full server
// sheds its stalest connection for a newcomer. Outcomes are asserted as
// counts; the small bounds only keep the tests short.
import { assert, assertEquals } from "@std/assert";
import { delay } from "@std/async/delay";
import { requestEcho, serveEcho } from "../../lib/net/echo.ts";
import type { ConnectionServer } from "../../lib/net/server.ts";

async function rawConnect(port: number): Promise<Deno.TcpConn> {
  return await Deno.connect({ hostname: "127.0.0.1", port });
}

/** Resolves once the server closed `conn` (EOF or reset). */
async function closedByServer(conn: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(64);
  try {
    while ((await conn.read(buffer)) !== null) { /* discard */ }
  } catch {
    // A reset is a close too.
  }
}

/**
 * Sends one byte every 20 ms (always within the idle timeout) until the
 * server closes the connection; gives up after `maxBytes` bytes.
 */
async function trickle(conn: Deno.Conn, maxBytes: number): Promise<number> {
  let closed = false;
  const watching = closedByServer(conn).then(() => (closed = true));
  let sent = 0;
  // A 4-byte prefix announcing 1000 bytes, then its body a byte at a time.
  const frame = new Uint8Array(4 + 1000);
  new DataView(frame.buffer).setUint32(0, 1000);
  for (; sent < maxBytes && !closed; sent++) {
    try {
      await conn.write(frame.subarray(sent, sent + 1));
    } catch {
      break; // the server closed it
    }
    await delay(20);
  }
  conn.close();
  await watching;
  return sent;
}

async function until(
  server: ConnectionServer,
  done: (stats: ReturnType<ConnectionServer["stats"]>) => boolean,
): Promise<void> {
  for (let i = 0; i < 200 && !done(server.stats()); i++) await delay(10);
}

Deno.test("a client trickling a frame a byte at a time is cut (slowFrames)", async () => {
  await using server = await serveEcho({
    idleTimeoutMs: 5_000,
    frameTimeoutMs: 200,
  });
  const sent = await trickle(await rawConnect(server.port), 250);
  assert(sent < 250, "the slow sender was never cut");
  assertEquals(server.stats().slowFrames, 1);
  assertEquals(server.stats().failed, 0);
  // Whole frames with pauses between them are not slow frames.
  assertEquals(
    await requestEcho({ port: server.port, message: "hola" }),
    "hola",
  );
  assertEquals(server.stats().slowFrames, 1);
});

Deno.test("a connection holding a slot without completing frames is cut (heldTooLong)", async () => {
  await using server = await serveEcho({
    idleTimeoutMs: 5_000,
    frameTimeoutMs: 0, // off: only the hold cap can end the trickle
    maxIdleHoldMs: 200,
  });
  const sent = await trickle(await rawConnect(server.port), 250);
  assert(sent < 250, "the trickling client was never cut");
  using silent = await rawConnect(server.port);
  await closedByServer(silent);
  await until(server, (s) => s.heldTooLong === 2);
  assertEquals(server.stats().heldTooLong, 2);
  assertEquals(server.stats().timedOut, 0);
});

Deno.test("a server full of silent connections sheds the stalest for each newcomer", async () => {
  await using server = await serveEcho({
    maxConnections: 3,
    idleTimeoutMs: 30_000,
    shedIdleMs: 100,
  });
  const silent: Deno.TcpConn[] = [];
  for (let i = 0; i < 3; i++) {
    silent.push(await rawConnect(server.port));
    await until(server, (s) => s.accepted === i + 1);
  }
  const closed = silent.map((conn) => closedByServer(conn));
  try {
    // Each newcomer is served although every slot was taken by silence.
    for (let i = 0; i < 2; i++) {
      assertEquals(
        await requestEcho({
          port: server.port,
          message: `recién ${i}`,
          timeoutMs: 10_000,
        }),
        `recién ${i}`,
      );
    }
    // The two stalest (first connected) were shed; the third was spared.
    await Promise.all(closed.slice(0, 2));
    await until(server, (s) => s.active === 1);
    const stats = server.stats();
    assertEquals(stats.shed, 2);
    assertEquals(stats.failed, 0);
    assertEquals(stats.active, 1);
  } finally {
    for (const conn of silent) conn.close();
    await Promise.all(closed);
  }
});

Deno.test("with shedIdleMs Infinity a full server sheds nothing: newcomers wait for a slot", async () => {
  await using server = await serveEcho({
    maxConnections: 1,
    idleTimeoutMs: 300,
    shedIdleMs: Infinity,
  });
  using silent = await rawConnect(server.port);
  await until(server, (s) => s.accepted === 1);
  // The newcomer waits for the idle timeout instead: nothing is shed.
  assertEquals(
    await requestEcho({
      port: server.port,
      message: "espera",
      timeoutMs: 10_000,
    }),
    "espera",
  );
  await closedByServer(silent);
  assertEquals([server.stats().shed, server.stats().timedOut], [0, 1]);
});
