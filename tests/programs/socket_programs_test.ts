import { assert, assertEquals, assertMatch } from "@std/assert";
import { startProgram, startPython } from "./line_process.ts";

const LISTENING_PORT = /\[ESCUCHANDO\] .*127\.0\.0\.1:(\d+)/;
const LISTENING_PATH = /\[ESCUCHANDO\] (?:Servidor en )?(\/\S+)/;

Deno.test("every socket program answers --help in Spanish and exits 0", async () => {
  const programs = [
    "echo_server",
    "echo_client",
    "task_server",
    "task_client",
    "reverse_server",
    "reverse_client",
  ];
  for (const name of programs) {
    await using program = startProgram(name, ["--help"]);
    const status = await program.exited();
    assertEquals(status.code, 0, name);
    assertMatch(program.lines.join("\n"), /Uso: deno task/, name);
  }
});

Deno.test("the class's Python echo client talks to the kit's echo server", async () => {
  await using server = startProgram("echo_server", ["--port", "0"]);
  const port = (await server.waitFor(LISTENING_PORT))[1];
  for (const message of ["waku waku", "canción ñandú"]) {
    await using client = startPython("echo_client", [port, message]);
    assertEquals((await client.exited()).code, 0);
    assertEquals(client.lines, [message]);
  }
  await server.waitFor(/\[MENSAJE\] 127\.0\.0\.1:\d+: "canción ñandú"$/);
  const status = await server.stop("SIGTERM");
  assertEquals(status.code, 0);
  await server.waitFor(/\[DETENIDO\] \(SIGTERM\) 2 conexiones/);
});

Deno.test("the kit's echo client talks to the class's Python echo server", async () => {
  await using server = startPython("echo_server", ["0", "2"]);
  const port = (await server.waitFor(LISTENING_PORT))[1];
  for (const message of ["waku waku", "otra vez"]) {
    await using client = startProgram("echo_client", [
      "--port",
      port,
      "--message",
      message,
    ]);
    assertEquals((await client.exited()).code, 0);
    assertEquals(client.lines, [`[RESPUESTA] ${message}`]);
  }
  assertEquals((await server.exited()).code, 0);
  assertEquals(server.lines.slice(1), ["waku waku", "otra vez"]);
});

Deno.test("the workshop's Python task client talks to the kit's task server", async () => {
  await using server = startProgram("task_server", [
    "--port",
    "0",
    "--tasks",
    "2 + 2,3*4,-(1 + 2) * 4",
    "--clients",
    "3",
  ]);
  const port = (await server.waitFor(LISTENING_PORT))[1];
  const seen: string[] = [];
  for (let i = 0; i < 3; i++) {
    await using client = startPython("task_client", [port]);
    assertEquals((await client.exited()).code, 0);
    seen.push(client.lines[0]);
  }
  assertEquals(seen, [
    "[TAREA RECIBIDA] 2 + 2",
    "[TAREA RECIBIDA] 3*4",
    "[TAREA RECIBIDA] -(1 + 2) * 4",
  ]);
  assertEquals((await server.exited()).code, 0); // --clients 3: stops by itself
  const results = server.lines.filter((l) => l.startsWith("[RESULTADO]"));
  assertEquals(results.map((l) => l.replace(/127\.0\.0\.1:\d+/, "ADDR")), [
    "[RESULTADO] ADDR: 4",
    "[RESULTADO] ADDR: 12",
    "[RESULTADO] ADDR: -12",
  ]);
});

Deno.test("the kit's task client talks to the workshop's Python task server", async () => {
  await using server = startPython("task_server", ["0", "2", "7 * (3 + 3)"]);
  const port = (await server.waitFor(LISTENING_PORT))[1];
  for (let i = 0; i < 2; i++) {
    await using client = startProgram("task_client", ["--port", port]);
    assertEquals((await client.exited()).code, 0);
    assertEquals(client.lines, [
      "[TAREA RECIBIDA] 7 * (3 + 3)",
      "[RESULTADO ENVIADO] 42",
    ]);
  }
  assertEquals((await server.exited()).code, 0);
  const results = server.lines.filter((l) => l.startsWith("[RESULTADO]"));
  assertEquals(results.length, 2);
  for (const line of results) {
    assertMatch(line, /^\[RESULTADO\] 127\.0\.0\.1:\d+: 42$/);
  }
});

Deno.test("the kit's task client refuses code disguised as a task", async () => {
  await using server = startPython("task_server", [
    "0",
    "1",
    "__import__('os').system('echo pwned')",
  ]);
  const port = (await server.waitFor(LISTENING_PORT))[1];
  await using client = startProgram("task_client", ["--port", port]);
  assertEquals((await client.exited()).code, 0);
  assertMatch(
    client.lines[1],
    /^\[RESULTADO ENVIADO\] Error: Carácter inesperado "_" en la posición 0$/,
  );
  await server.exited();
  assert(!server.lines.join("\n").includes("pwned\n"));
});

Deno.test("framed mode: kit task client and server agree on the length prefix", async () => {
  await using server = startProgram("task_server", [
    "--port",
    "0",
    "--framed",
    "--tasks",
    "9 ÷ 3",
    "--clients",
    "1",
  ]);
  const port = (await server.waitFor(LISTENING_PORT))[1];
  await using client = startProgram("task_client", [
    "--port",
    port,
    "--framed",
  ]);
  assertEquals((await client.exited()).code, 0);
  assertEquals(client.lines[1], "[RESULTADO ENVIADO] 3");
  assertEquals((await server.exited()).code, 0);
});

Deno.test("reverse server over a Unix socket talks to Python, and removes its socket on SIGINT", async () => {
  await using server = startProgram("reverse_server", []);
  const path = (await server.waitFor(LISTENING_PATH))[1];
  await using python = startPython("reverse_client", [
    path,
    "abracadabra",
    "ñandú",
  ]);
  assertEquals((await python.exited()).code, 0);
  assertEquals(python.lines, ["Reverse: arbadacarba", "Reverse: údnañ"]);
  await using kit = startProgram("reverse_client", [
    "--path",
    path,
    "--message",
    "hola",
  ]);
  assertEquals((await kit.exited()).code, 0);
  assertEquals(kit.lines, ["[INVERTIDO] aloh"]);
  assertEquals((await server.stop("SIGINT")).code, 0);
  let gone = false;
  try {
    await Deno.lstat(path);
  } catch {
    gone = true;
  }
  assert(gone, `${path} still exists`);
});

Deno.test("the kit's reverse client talks to a Python reverse server", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/reverse.sock`;
  try {
    await using server = startPython("reverse_server", [path, "1"]);
    await server.waitFor(LISTENING_PATH);
    await using client = startProgram("reverse_client", [
      "--path",
      path,
      "--message",
      "sockets",
      "--message",
      "unix",
    ]);
    assertEquals((await client.exited()).code, 0);
    assertEquals(client.lines, ["[INVERTIDO] stekcos", "[INVERTIDO] xinu"]);
    assertEquals((await server.exited()).code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the reverse client asks for strings until 'end' when given none", async () => {
  await using server = startProgram("reverse_server", []);
  const path = (await server.waitFor(LISTENING_PATH))[1];
  await using client = startProgram("reverse_client", ["--path", path], {
    stdin: "piped",
  });
  const writer = client.child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("roma\namor\nend\n"));
  await writer.close();
  assertEquals((await client.exited()).code, 0);
  const text = client.lines.join("\n");
  assertMatch(text, /\[INVERTIDO\] amor/);
  assertMatch(text, /\[INVERTIDO\] roma/);
  assertEquals((await server.stop()).code, 0);
});
