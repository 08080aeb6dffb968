/**
 * Every wait of the terminal clients is bounded, connect included, and ends
 * in one Spanish line; bad arguments are a usage error (exit 2).
 */

import { assert, assertEquals, assertMatch } from "@std/assert";
import { withFullBacklog } from "./full_backlog.ts";
import { type LineProcess, startProgram } from "./line_process.ts";

function assertOneSpanishLine(program: LineProcess, pattern: RegExp) {
  const stderr = program.stderr().trim();
  assertEquals(stderr.split("\n").length, 1, stderr);
  assertMatch(stderr, pattern);
  assert(!/\n\s+at /.test(program.stderr()), "a stack trace");
}

for (const program of ["echo_client", "task_client"]) {
  Deno.test(`${program} gives up within --timeout when the server's backlog is full`, async () => {
    await withFullBacklog(async (port) => {
      await using client = startProgram(program, [
        "--port",
        String(port),
        "--timeout",
        "300",
      ]);
      assertEquals((await client.exited()).code, 1);
      assertOneSpanishLine(
        client,
        /^\[ERROR\] el servidor no respondió en 300 ms$/,
      );
    });
  });
}

Deno.test("reverse client gives up within --timeout when the server never answers", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/mute.sock`;
  try {
    using listener = Deno.listen({ transport: "unix", path });
    const accepted = listener.accept();
    await using client = startProgram("reverse_client", [
      "--path",
      path,
      "--message",
      "hola",
      "--timeout",
      "300",
    ]);
    using _conn = await accepted; // accepted, never answered
    assertEquals((await client.exited()).code, 1);
    assertOneSpanishLine(
      client,
      /^\[ERROR\] el servidor no respondió en 300 ms$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad arguments are a one-line Spanish usage error with exit code 2", async () => {
  const cases: [string, string[], RegExp][] = [
    [
      "echo_client",
      ["--port", "-5"],
      /--port debe ser un entero entre 1 y 65535/,
    ],
    [
      "echo_server",
      ["--port", "-5"],
      /--port debe ser un entero entre 0 y 65535/,
    ],
    ["task_client", ["--port", "70000"], /--port/],
    [
      "task_server",
      ["--clients", "0"],
      /--clients debe ser un entero positivo/,
    ],
    ["echo_client", ["--timeout", "-1"], /--timeout/],
    ["echo_client", ["--prot", "80"], /opción desconocida: --prot/],
    ["reverse_client", [], /falta --path/],
    ["reverse_server", ["--path", "x", "sobra"], /argumento inesperado: sobra/],
  ];
  for (const [name, args, pattern] of cases) {
    await using program = startProgram(name, args);
    const status = await program.exited();
    assertEquals(status.code, 2, `${name} ${args.join(" ")}`);
    assertOneSpanishLine(program, pattern);
  }
});

Deno.test("a refused connection is one Spanish line, not a stack trace", async () => {
  const port = (() => {
    using probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    return probe.addr.port;
  })();
  await using client = startProgram("echo_client", ["--port", String(port)]);
  assertEquals((await client.exited()).code, 1);
  assertOneSpanishLine(client, /^\[ERROR\] conexión rechazada/);
});
