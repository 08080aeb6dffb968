import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  bindSocketPath,
  privateSocketPath,
  removeStaleSocket,
} from "../../lib/transports/socket_path.ts";

const listen = (at: string) => Deno.listen({ transport: "unix", path: at });

Deno.test("removeStaleSocket refuses a live socket and removes a dead one", async () => {
  const path = await privateSocketPath("probe.sock");
  const dir = path.slice(0, path.lastIndexOf("/"));
  const bound = await bindSocketPath({ path }, listen);
  await assertRejects(() => removeStaleSocket(path), Deno.errors.AddrInUse);
  // A socket nobody listens on any more: bound by a process that exited.
  const python = new Deno.Command("/usr/bin/python3", {
    args: [
      "-c",
      "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])",
      `${dir}/dead.sock`,
    ],
  });
  assertEquals((await python.output()).code, 0);
  await removeStaleSocket(`${dir}/dead.sock`);
  bound.listener.close();
  bound.release();
  assertEquals([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir);
});

Deno.test("release removes the given path only while it is still this socket", async () => {
  const path = await privateSocketPath("mine.sock");
  const dir = path.slice(0, path.lastIndexOf("/"));
  const first = await bindSocketPath({ path }, listen);
  // Someone deletes the running server's socket and starts another server.
  await Deno.remove(path);
  const second = await bindSocketPath({ path }, listen);
  first.listener.close();
  first.release();
  assert((await Deno.lstat(path)).isSocket);
  second.listener.close();
  second.release();
  assertEquals([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir);
});

Deno.test("a failed bind leaves a given path and its directory as they were", async () => {
  const path = await privateSocketPath("fail.sock");
  const dir = path.slice(0, path.lastIndexOf("/"));
  await assertRejects(
    () =>
      bindSocketPath({ path }, () => {
        throw new Deno.errors.PermissionDenied("Denied by the test");
      }),
    Deno.errors.PermissionDenied,
  );
  assertEquals([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir);
});
