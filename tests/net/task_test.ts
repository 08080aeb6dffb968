import { assertEquals, assertRejects } from "@std/assert";
import { runTaskClient, serveTasks, solveTask } from "../../lib/net/task.ts";
import { observeMessageBoundaries } from "../../lib/net/boundaries.ts";
import { ProtocolError } from "../../lib/wire/errors.ts";
import { deadline } from "../../lib/util/deadline.ts";

Deno.test("task server hands tasks out in order, cycling, and numbers every result", async () => {
  await using server = await serveTasks({ tasks: ["1 + 1", "2 * 3"] });
  const outcomes = [];
  for (let i = 0; i < 4; i++) {
    outcomes.push(await runTaskClient({ port: server.port }));
  }
  assertEquals(outcomes.map((o) => o.task), [
    "1 + 1",
    "2 * 3",
    "1 + 1",
    "2 * 3",
  ]);
  await server.waitForResults(4);
  assertEquals([...server.results.keys()], [1, 2, 3, 4]);
  assertEquals([...server.results.values()].map((r) => r.result), [
    "2",
    "6",
    "2",
    "6",
  ]);
  for (const { remote } of server.results.values()) {
    assertEquals(/^127\.0\.0\.1:\d+$/.test(remote), true, remote);
  }
});

Deno.test("task server keeps only the newest results yet counts them all", async () => {
  await using server = await serveTasks({ tasks: ["1"], keepResults: 3 });
  for (let i = 0; i < 5; i++) {
    await runTaskClient({ port: server.port, solve: () => `r${i}` });
  }
  await server.waitForResults(5);
  assertEquals([...server.results.keys()], [3, 4, 5]);
  assertEquals([...server.results.values()].map((r) => r.result), [
    "r2",
    "r3",
    "r4",
  ]);
  assertEquals(server.resultTotals(), { stored: 5, bytes: 10, evicted: 2 });
});

Deno.test("task server caps the kept results by bytes too", async () => {
  await using server = await serveTasks({
    tasks: ["1"],
    keepResultBytes: 10,
  });
  for (let i = 0; i < 4; i++) {
    await runTaskClient({ port: server.port, solve: () => `abcd${i}` });
  }
  await server.waitForResults(4);
  assertEquals([...server.results.values()].map((r) => r.result), [
    "abcd2",
    "abcd3",
  ]);
  assertEquals(server.resultTotals(), { stored: 4, bytes: 20, evicted: 2 });
});

Deno.test("task server with an empty window still counts and waits", async () => {
  await using server = await serveTasks({ tasks: ["2 + 2"], keepResults: 0 });
  for (let i = 0; i < 3; i++) await runTaskClient({ port: server.port });
  await server.waitForResults(3);
  assertEquals(server.results.size, 0);
  assertEquals(server.resultTotals(), { stored: 3, bytes: 3, evicted: 3 });
});

Deno.test("task server refuses a window that is not a whole number", async () => {
  for (const bad of [-1, 1.5, NaN]) {
    await assertRejects(
      () => serveTasks({ tasks: ["1"], keepResults: bad }),
      RangeError,
    );
    await assertRejects(
      () => serveTasks({ tasks: ["1"], keepResultBytes: bad }),
      RangeError,
    );
  }
});

// Python binds the same source port twice (Deno.connect cannot choose it); in
// framed mode the server closes first, so the client's port is free again.
const SAME_PORT_CLIENT = `
import socket, struct, sys
def exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError("server closed early")
        data += chunk
    return data
port = 0
for answer in (b"first", b"second"):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    port = s.getsockname()[1]
    s.connect(("127.0.0.1", int(sys.argv[1])))
    exact(s, struct.unpack(">I", exact(s, 4))[0])
    s.sendall(struct.pack(">I", len(answer)) + answer)
    while s.recv(64):
        pass
    s.close()
`;

Deno.test("task server keeps both results of a reused client address", async () => {
  await using server = await serveTasks({ tasks: ["1 + 1"], framed: true });
  await using child = new Deno.Command("python3", {
    args: ["-c", SAME_PORT_CLIENT, String(server.port)],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const status = await deadline(child.output(), 10_000, "the Python client");
  assertEquals(status.code, 0, new TextDecoder().decode(status.stderr));
  await server.waitForResults(2);
  const kept = [...server.results.values()];
  assertEquals(kept.map((r) => [r.id, r.result]), [[1, "first"], [
    2,
    "second",
  ]]);
  assertEquals(kept[0].remote, kept[1].remote);
});

Deno.test("task server serves 200 concurrent clients with at most 20 open", async () => {
  const CLIENTS = 200;
  await using server = await serveTasks({
    tasks: ["6 × 7"],
    maxConnections: 20,
    framed: true,
  });
  const outcomes = await Promise.all(
    Array.from(
      { length: CLIENTS },
      () =>
        runTaskClient({ port: server.port, framed: true, timeoutMs: 20_000 }),
    ),
  );
  assertEquals(outcomes.every((o) => o.result === "42"), true);
  await server.waitForResults(CLIENTS);
  assertEquals(server.results.size, CLIENTS);
  assertEquals(server.stats().peakActive <= 20, true);
});

Deno.test("task server refuses a result larger than its limit", async () => {
  await using server = await serveTasks({ tasks: ["1"], maxResultBytes: 16 });
  await runTaskClient({ port: server.port, solve: () => "x".repeat(100) });
  await assertRejects(() => server.waitForResults(1, 300));
  // The failure is recorded once the server notices, without a result stored.
  while (server.stats().failed === 0) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assertEquals(server.failures[0].error instanceof ProtocolError, true);
  assertEquals(server.results.size, 0);
});

Deno.test("task server cuts a client that never answers, after the idle timeout", async () => {
  await using server = await serveTasks({
    tasks: ["2 + 2"],
    idleTimeoutMs: 100,
  });
  using silent = await Deno.connect({
    hostname: "127.0.0.1",
    port: server.port,
  });
  const buffer = new Uint8Array(64);
  const n = await silent.read(buffer); // the task arrives…
  assertEquals(new TextDecoder().decode(buffer.subarray(0, n ?? 0)), "2 + 2");
  let end: number | null = 0;
  try {
    end = await silent.read(buffer); // …then the server hangs up
  } catch {
    end = null;
  }
  assertEquals(end, null);
  assertEquals(server.stats().timedOut, 1);
});

Deno.test("solveTask answers errors as text, like the workshop's client", () => {
  const cases: [string, string][] = [
    ["2 + 2", "4"], // the workshop's task
    [" 10 / 4 \n", "2.5"], // whitespace around the task is ignored
    ["2 + 23 * 4", "94"], // two glued tasks still parse — wrongly (see notebook 07)
    ["(1 + 2)" + "(3)", "Error: «(» inesperado en la posición 7"], // glued and unparsable
    ["import os", 'Error: Carácter inesperado "i" en la posición 0'], // code is refused
  ];
  for (const [task, expected] of cases) {
    assertEquals(solveTask(task), expected, task);
  }
});

Deno.test("framing recovers every message that unframed reads glue together", async () => {
  const messages = ["2 + 2", "3 * 4", "10 / 5"];
  const seen = await observeMessageBoundaries({ messages });
  assertEquals(seen.reads.join(""), messages.join(""));
  assertEquals(seen.framed, messages);
});
