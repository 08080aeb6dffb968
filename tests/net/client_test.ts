import { assertRejects } from "@std/assert";
import { withClientConn } from "../../lib/net/client.ts";
import { WaitTimeoutError } from "../../lib/util/deadline.ts";
import { startLineProcess } from "../programs/line_process.ts";

// A listener whose accept queue is full: a further connect stalls on Linux.
const FULL_BACKLOG = `
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
port = s.getsockname()[1]
fill = []
for _ in range(8):
    c = socket.socket(); c.setblocking(False); c.connect_ex(("127.0.0.1", port)); fill.append(c)
print(port, flush=True)
sys.stdin.read()
`;

Deno.test("withClientConn bounds the connect too, and leaves no pending op", async () => {
  await using python = startLineProcess("/usr/bin/python3", [
    "-c",
    FULL_BACKLOG,
  ], { stdin: "piped" });
  const port = Number((await python.waitFor(/^(\d+)$/))[1]);
  await assertRejects(
    () => withClientConn({ port, timeoutMs: 300 }, () => Promise.resolve()),
    WaitTimeoutError,
  );
  await python.child.stdin.close();
  await python.exited();
});
