/**
 * A TCP listener whose accept queue is full and never drained: on Linux a
 * further connect stalls (its SYN is dropped), which is how a client's
 * connect bound is tested. Python builds it (`listen(0)`, then fills the
 * queue with non-blocking connects) and holds it until its stdin closes.
 */

import { startLineProcess } from "./line_process.ts";

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

/** Runs `body` with the port of a full-backlog listener, then tears it down. */
export async function withFullBacklog(
  body: (port: number) => Promise<void>,
): Promise<void> {
  await using python = startLineProcess("/usr/bin/python3", [
    "-c",
    FULL_BACKLOG,
  ], { stdin: "piped" });
  const port = Number((await python.waitFor(/^(\d+)$/))[1]);
  try {
    await body(port);
  } finally {
    await python.child.stdin.close();
    await python.exited();
  }
}
