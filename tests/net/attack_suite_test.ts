// Issue 16: a bounded attack suite against the kit's echo server. Every
// assertion is functional — good clients are served, the server is alive,
// hostile connections are cut for the right reason and counted by kind,
// descriptors come back — never a timing. Loopback only, every loop bounded;
// the file prints how long it took.

import { assert, assertEquals, assertRejects } from "@std/assert";
import { delay } from "@std/async/delay";
import { holdConnections, probeEcho } from "../../lib/net/attack_clients.ts";
import { requestEcho, serveEcho } from "../../lib/net/echo.ts";
import type { ConnectionServer } from "../../lib/net/server.ts";
import { connectTcp } from "../../lib/transports/tcp.ts";
import { deadline } from "../../lib/util/deadline.ts";
import { encodeFrame } from "../../lib/wire/frame.ts";
import { runInOwnProcess } from "../own_process.ts";

const suiteStart = performance.now();

async function until(
  server: ConnectionServer,
  done: (stats: ReturnType<ConnectionServer["stats"]>) => boolean,
): Promise<void> {
  for (let i = 0; i < 500 && !done(server.stats()); i++) await delay(10);
}

Deno.test("reset flood (~150/s for 3 s): good clients are served, resets are the connections' loss", async () => {
  // In its own process: it counts this process's descriptors, which the
  // modules running beside it in the parallel suite would change.
  await runInOwnProcess(new URL("./reset_flood_case.ts", import.meta.url));
});

Deno.test("slowloris (one byte every 50 ms): every slow sender is cut as slowFrame, good clients are served", async () => {
  await using server = await serveEcho({
    maxConnections: 8,
    frameTimeoutMs: 400,
    idleTimeoutMs: 10_000,
  });
  const held = await holdConnections(server.port, 20, {
    kind: "slowloris",
    byteEveryMs: 50,
  });
  try {
    for (let i = 0; i < 3; i++) {
      assertEquals(await probeEcho(server.port, 10_000) !== null, true);
    }
    for (let i = 0; i < 500 && held.closedByServer < held.opened; i++) {
      await delay(10);
    }
    assertEquals(held.opened, 20);
    assertEquals(held.closedByServer, 20);
    const stats = server.stats();
    assertEquals(stats.slowFrames + stats.shed, 20);
    assertEquals(stats.failed, 0);
  } finally {
    await held.stop();
  }
  await until(server, (s) => s.active === 0);
  assertEquals(server.stats().active, 0);
});

Deno.test("silent connections filling every slot: newcomers are served, the silent are shed or timed out", async () => {
  await using server = await serveEcho({
    maxConnections: 8,
    idleTimeoutMs: 1_000,
    shedIdleMs: 100,
  });
  const held = await holdConnections(server.port, 30, { kind: "silent" });
  try {
    await until(server, (s) => s.accepted >= 8);
    for (let i = 0; i < 3; i++) {
      assertEquals(
        await requestEcho({
          port: server.port,
          message: `nuevo ${i}`,
          timeoutMs: 10_000,
        }),
        `nuevo ${i}`,
      );
    }
    for (let i = 0; i < 500 && held.closedByServer < held.opened; i++) {
      await delay(10);
    }
    assertEquals(held.closedByServer, held.opened);
    const stats = server.stats();
    assertEquals(stats.shed + stats.timedOut + stats.heldTooLong, 30);
    assertEquals(stats.failed, 0);
  } finally {
    await held.stop();
  }
});

Deno.test("half-frame clients: the one that leaves is a TruncatedFrameError, the one that stays is cut as slowFrame", async () => {
  await using server = await serveEcho({ frameTimeoutMs: 300 });
  const half = encodeFrame(new Uint8Array(100)).subarray(0, 50);
  const stayers: Deno.TcpConn[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      using leaver = await Deno.connect({
        hostname: "127.0.0.1",
        port: server.port,
      });
      await leaver.write(half);
      const stayer = await Deno.connect({
        hostname: "127.0.0.1",
        port: server.port,
      });
      stayers.push(stayer);
      await stayer.write(half);
    }
    await until(
      server,
      (s) =>
        s.slowFrames === 10 &&
        (s.failuresByKind.TruncatedFrameError ?? 0) === 10,
    );
    const stats = server.stats();
    assertEquals(stats.slowFrames, 10);
    assertEquals(stats.failuresByKind.TruncatedFrameError, 10);
    assertEquals(await probeEcho(server.port, 10_000) !== null, true);
  } finally {
    for (const conn of stayers) conn.close();
  }
});

Deno.test("an echo server whose stdout log nobody reads keeps serving, and stops on SIGTERM", async () => {
  const program = new URL("../../lib/programs/echo_server.ts", import.meta.url);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", program.pathname, "--port", "0"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  try {
    // Only the first line is read (to learn the port); never anything after.
    const first = await deadline(
      reader.read(),
      20_000,
      "the server's first line",
    );
    const text = new TextDecoder().decode(first.value);
    const port = Number(/:(\d+)/.exec(text)?.[1]);
    assert(port > 0, `no port in ${JSON.stringify(text)}`);
    // 3000 logged messages are far more than a 64 KiB pipe holds.
    await using client = await connectTcp({ port });
    const message = new TextEncoder().encode("x".repeat(100));
    for (let i = 0; i < 3000; i++) {
      await client.send(message);
      assertEquals((await client.receive())?.length, 100);
    }
    assertEquals(await probeEcho(port, 10_000) !== null, true);
    child.kill("SIGTERM");
    const status = await deadline(child.status, 10_000, "the server to stop");
    assertEquals(status.code, 0);
  } finally {
    try {
      child.kill();
    } catch {
      // Exited already.
    }
    await reader.cancel();
    await child.status;
  }
});

Deno.test("a Unix path takeover fails: a live server's socket and a stranger's file are left alone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ataque-" });
  try {
    const path = `${dir}/eco.sock`;
    await using first = await serveEcho({
      endpoint: { transport: "unix", path },
    });
    // A second server on the same path is refused; the first keeps its socket.
    await assertRejects(
      () => serveEcho({ endpoint: { transport: "unix", path } }),
      Deno.errors.AddrInUse,
    );
    assert((await Deno.lstat(path)).isSocket);
    using conn = await Deno.connect({ transport: "unix", path });
    await conn.write(encodeFrame(new TextEncoder().encode("sigo aquí")));
    const reply = new Uint8Array(64);
    assert(
      ((await conn.read(reply)) ?? 0) > 4,
      "the first server still answers",
    );
    assertEquals(first.stats().accepted >= 1, true);
    // A regular file at a path is never deleted to make room.
    const file = `${dir}/ajeno.sock`;
    await Deno.writeTextFile(file, "no es un socket");
    await assertRejects(
      () => serveEcho({ endpoint: { transport: "unix", path: file } }),
      TypeError,
    );
    assertEquals(await Deno.readTextFile(file), "no es un socket");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the suite's own bound", () => {
  const seconds = (performance.now() - suiteStart) / 1000;
  console.log(`  attack suite: ${seconds.toFixed(1)} s`);
});
