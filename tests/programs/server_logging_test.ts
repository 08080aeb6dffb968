/**
 * The terminal servers' log cannot be turned against them: a stdout nobody
 * reads does not stop the service, a client cannot put control characters
 * on the operator's terminal, and a huge message is one short line.
 */

import { assert, assertEquals, assertMatch } from "@std/assert";
import { deadline } from "../../lib/util/deadline.ts";
import { framedDuplex } from "../../lib/wire/framed.ts";
import { startProgram } from "./line_process.ts";

const LISTENING_PORT = /\[ESCUCHANDO\] .*127\.0\.0\.1:(\d+)/;
const encoder = new TextEncoder();

function freePort(): number {
  using probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  return probe.addr.port;
}

/** Connects, retrying while the server is still starting (bounded). */
async function connectWhenUp(port: number): Promise<Deno.TcpConn> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      return await Deno.connect({ hostname: "127.0.0.1", port });
    } catch (error) {
      if (!(error instanceof Deno.errors.ConnectionRefused)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`Nothing listened on port ${port}`);
}

Deno.test("echo server keeps serving when nobody reads its stdout, and stops on SIGTERM", async () => {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../lib/programs/echo_server.ts", import.meta.url).pathname,
      "--port",
      String(port),
    ],
    stdin: "null",
    stdout: "piped", // never read: the pipe fills after 64 KiB
    stderr: "null",
  }).spawn();
  try {
    // 4 clients × 300 messages, each logged as a line of about 150 bytes:
    // well over the pipe's 64 KiB, so a blocking log would stop the server.
    const message = encoder.encode("x".repeat(100));
    const clients = Array.from({ length: 4 }, async () => {
      await using duplex = framedDuplex(await connectWhenUp(port));
      let echoed = 0;
      for (let i = 0; i < 300; i++) {
        await duplex.send(message);
        const reply = await duplex.receive();
        if (reply?.length === message.length) echoed++;
      }
      return echoed;
    });
    const echoed = await deadline(
      Promise.all(clients),
      30_000,
      "the echoes with a full stdout",
    );
    assertEquals(echoed, [300, 300, 300, 300]);
    child.kill("SIGTERM");
    const status = await deadline(child.status, 15_000, "the server to exit");
    assertEquals(status.code, 0);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
    await child.status;
    await child.stdout.cancel();
  }
});

Deno.test("echo server escapes a client's terminal escape sequence in its log", async () => {
  await using server = startProgram("echo_server", ["--port", "0"]);
  const port = Number((await server.waitFor(LISTENING_PORT))[1]);
  {
    await using duplex = framedDuplex(
      await Deno.connect({ hostname: "127.0.0.1", port }),
    );
    await duplex.send(encoder.encode("\x1b[2J\nfalso [MENSAJE]"));
    assert(await deadline(duplex.receive(), 10_000, "the echo"));
  }
  const line = (await server.waitFor(/^\[MENSAJE\].*$/))[0];
  assert(!line.includes("\x1b"), `ESC in the log line: ${line}`);
  assertMatch(line, /: "\\x1b\[2J\\nfalso \[MENSAJE\]"$/);
  assertEquals((await server.stop("SIGTERM")).code, 0);
});

Deno.test("echo server logs a 1 MiB binary message as one short line with its length", async () => {
  await using server = startProgram("echo_server", ["--port", "0"]);
  const port = Number((await server.waitFor(LISTENING_PORT))[1]);
  const big = new Uint8Array(1024 * 1024).fill(0xff);
  big[0] = 0x00;
  {
    await using duplex = framedDuplex(
      await Deno.connect({ hostname: "127.0.0.1", port }),
    );
    await duplex.send(big);
    const reply = await deadline(duplex.receive(), 15_000, "the echo");
    assertEquals(reply?.length, big.length);
  }
  const line = (await server.waitFor(/^\[MENSAJE\].*$/))[0];
  assert(line.length < 200, `a ${line.length}-character log line`);
  assertMatch(line, /1048576 bytes: 00 ff ff/);
  assertEquals((await server.stop("SIGTERM")).code, 0);
});

Deno.test("task server escapes a hostile client's result in its log", async () => {
  await using server = startProgram("task_server", [
    "--port",
    "0",
    "--clients",
    "1",
  ]);
  const port = Number((await server.waitFor(LISTENING_PORT))[1]);
  {
    using conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const buffer = new Uint8Array(1024);
    await deadline(conn.read(buffer), 10_000, "the task");
    await conn.write(encoder.encode("4\x1b]0;pwned\x07"));
    await conn.closeWrite();
  }
  assertEquals((await server.exited()).code, 0);
  const line = server.lines.find((l) => l.startsWith("[RESULTADO]")) ?? "";
  // deno-lint-ignore no-control-regex
  assert(!/[\x00-\x1f]/.test(line), `control characters in: ${line}`);
  assertMatch(line, /"4\\x1b\]0;pwned\\x07"$/);
});
