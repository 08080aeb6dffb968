import { assert, assertEquals, assertRejects } from "@std/assert";
import { serveConnections, serveFramed } from "../../lib/net/server.ts";
import { requestEcho, serveEcho } from "../../lib/net/echo.ts";
import { connectTcp } from "../../lib/transports/tcp.ts";
import { connectUnix } from "../../lib/transports/unix.ts";
import {
  FrameTooLargeError,
  TruncatedFrameError,
} from "../../lib/wire/errors.ts";
import { encodeFrame } from "../../lib/wire/frame.ts";

const CLIENTS = 300;

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function rawConnect(port: number): Promise<Deno.TcpConn> {
  return await Deno.connect({ hostname: "127.0.0.1", port });
}

/** Reads until EOF or error; returns what arrived (bounded by the server's idle timeout). */
async function drain(conn: Deno.Conn): Promise<number> {
  const buffer = new Uint8Array(1024);
  let total = 0;
  try {
    while (true) {
      const n = await conn.read(buffer);
      if (n === null) return total;
      total += n;
    }
  } catch {
    return total;
  }
}

Deno.test(`server echoes ${CLIENTS} concurrent clients with at most 32 open at once`, async () => {
  await using server = await serveEcho({ maxConnections: 32 });
  const replies = await Promise.all(
    Array.from(
      { length: CLIENTS },
      (_, i) =>
        requestEcho({
          port: server.port,
          message: `cliente ${i}`,
          timeoutMs: 20_000,
        }),
    ),
  );
  assertEquals(
    replies,
    Array.from({ length: CLIENTS }, (_, i) => `cliente ${i}`),
  );
  const stats = server.stats();
  assertEquals(stats.accepted, CLIENTS);
  assert(stats.peakActive <= 32, `peak ${stats.peakActive} exceeds the bound`);
  assertEquals(stats.failed, 0);
});

Deno.test("misbehaving clients fail alone while a good client is served", async () => {
  await using server = await serveEcho({
    maxFrameBytes: 1024,
    idleTimeoutMs: 300,
  });
  // Row 1: garbage whose first 4 bytes announce ~1.9 GB.
  using garbage = await rawConnect(server.port);
  await garbage.write(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"));
  // Row 2: a well-formed prefix announcing more than the server accepts.
  using oversized = await rawConnect(server.port);
  await oversized.write(encodeFrame(new Uint8Array(2048)).subarray(0, 4));
  // Row 3: half a frame, then the client vanishes.
  const midFrame = await rawConnect(server.port);
  await midFrame.write(encodeFrame(new Uint8Array(100)).subarray(0, 50));
  midFrame.close();
  // Row 4: connects and never says anything (cut by the idle timeout).
  using silent = await rawConnect(server.port);

  // The good client is unaffected, many times over.
  for (let i = 0; i < 20; i++) {
    assertEquals(
      await requestEcho({ port: server.port, message: `ok ${i}` }),
      `ok ${i}`,
    );
  }
  // Each bad connection is closed by the server (drain sees EOF or a reset).
  await Promise.all([drain(garbage), drain(oversized), drain(silent)]);
  const stats = server.stats();
  assertEquals(stats.failed, 3);
  assertEquals(stats.timedOut, 1);
  const kinds = server.failures.map((f) => (f.error as Error).constructor).sort(
    (a, b) => a.name.localeCompare(b.name),
  );
  assertEquals(kinds, [
    FrameTooLargeError,
    FrameTooLargeError,
    TruncatedFrameError,
  ]);
});

Deno.test("a handler that throws loses only its own connection", async () => {
  let calls = 0;
  await using server = await serveFramed({}, async (duplex) => {
    calls++;
    if (calls === 1) throw new Error("handler bug");
    const message = await duplex.receive();
    if (message) await duplex.send(message);
  });
  await using first = await connectTcp({ port: server.port });
  assertEquals(await first.receive(), null); // closed by the server
  await using second = await connectTcp({ port: server.port });
  await second.send(new Uint8Array([5]));
  assertEquals([...(await second.receive())!], [5]);
  assertEquals(server.stats().failed, 1);
  assertEquals((server.failures[0].error as Error).message, "handler bug");
});

Deno.test("stop closes the listener and cuts connections after the grace period", async () => {
  const server = await serveEcho();
  const port = server.port;
  using lingering = await rawConnect(port);
  const drained = drain(lingering);
  await server.stop(50);
  assertEquals(await drained, 0);
  await assertRejects(() => rawConnect(port), Deno.errors.ConnectionRefused);
  await server.stop(); // idempotent
});

Deno.test("stop lets a handler finish within the grace period", async () => {
  let finished = false;
  const server = await serveConnections({}, async (conn, { signal }) => {
    await new Promise<void>((resolve) =>
      signal.addEventListener("abort", () => resolve())
    );
    await conn.write(new Uint8Array([42]));
    finished = true;
  });
  using client = await rawConnect(server.port);
  await new Promise((r) => setTimeout(r, 20));
  await server.stop(2000);
  assert(finished);
  const buffer = new Uint8Array(4);
  assertEquals(await client.read(buffer), 1);
  assertEquals(buffer[0], 42);
});

Deno.test("a unix-socket server removes its socket file when it stops", async () => {
  const server = await serveEcho({ endpoint: { transport: "unix" } });
  assert(await exists(server.path));
  const client = await connectUnix({ path: server.path });
  await client.send(new TextEncoder().encode("waku"));
  assertEquals(new TextDecoder().decode((await client.receive())!), "waku");
  await client.close();
  await server.stop();
  assertEquals(await exists(server.path), false);
});

Deno.test("maxConnections must be a positive integer", async () => {
  await assertRejects(() => serveEcho({ maxConnections: 0 }), RangeError);
});

Deno.test("a second unix server is refused the path of a live one; stop leaves a swapped-in file", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/echo.sock`;
  const server = await serveEcho({ endpoint: { transport: "unix", path } });
  await assertRejects(
    () => serveEcho({ endpoint: { transport: "unix", path } }),
    Deno.errors.AddrInUse,
  );
  assertEquals((await Deno.lstat(path)).mode! & 0o777, 0o600);
  await Deno.remove(path);
  await Deno.writeTextFile(path, "not the server's");
  await server.stop();
  assertEquals(await Deno.readTextFile(path), "not the server's");
  await Deno.remove(dir, { recursive: true });
});
