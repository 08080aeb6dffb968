import { assert, assertEquals, assertRejects } from "@std/assert";
import { testDuplexConformance } from "../duplex_conformance.ts";
import {
  connectUnix,
  listenUnix,
  type ListenUnixOptions,
  privateSocketPath,
} from "../../lib/transports/unix.ts";

testDuplexConformance("unix", async () => {
  const listener = await listenUnix();
  const accepted = listener.accept();
  const client = await connectUnix({ path: listener.path });
  const server = await accepted;
  return { pair: [client, server], cleanup: () => listener.close() };
}, { killPeer: (victim) => victim.close() });

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("unix listener removes its socket file and private dir on close", async () => {
  const listener = await listenUnix();
  const dir = listener.path.slice(0, listener.path.lastIndexOf("/"));
  assert(await exists(listener.path));
  assertEquals((await Deno.stat(dir)).mode! & 0o777, 0o700);
  listener.close();
  assertEquals(await exists(listener.path), false);
  assertEquals(await exists(dir), false);
});

Deno.test("unix listener replaces a stale socket left by a crashed server", async () => {
  const path = await privateSocketPath("stale.sock");
  const dir = path.slice(0, path.lastIndexOf("/"));
  // A Python process that binds and exits leaves its socket file behind.
  const bind = new Deno.Command("/usr/bin/python3", {
    args: [
      "-c",
      "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])",
      path,
    ],
  });
  assertEquals((await bind.output()).code, 0);
  assert(await exists(path));
  const listener = await listenUnix({ path });
  listener.close();
  assertEquals(await exists(path), false);
  await Deno.remove(dir);
});

Deno.test("unix listener refuses to replace a regular file", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/notes.txt`;
  await Deno.writeTextFile(path, "keep me");
  await assertRejects(() => listenUnix({ path }), TypeError);
  assertEquals(await Deno.readTextFile(path), "keep me");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("unix onClose belongs to a connection; the listener cleans up only its file", async () => {
  // @ts-expect-error: a listener has no onClose; each connection has its own.
  const wrong: ListenUnixOptions = { onClose: () => {} };
  let stray = 0;
  const listener = await listenUnix({
    ...({ onClose: () => void stray++ } as typeof wrong),
  });
  const accepted = listener.accept();
  let closes = 0;
  const client = await connectUnix({
    path: listener.path,
    onClose: () => void closes++,
  });
  const server = await accepted;
  listener.close();
  assertEquals(await exists(listener.path), false);
  await client.send(new Uint8Array([2]));
  assertEquals([...(await server.receive())!], [2]);
  await client.close();
  await server.close();
  assertEquals([closes, stray], [1, 0]);
});

Deno.test("unix listener refuses the path of a live listener, which keeps serving", async () => {
  using first = await listenUnix();
  await assertRejects(
    () => listenUnix({ path: first.path }),
    Deno.errors.AddrInUse,
  );
  // The probe that found it live was a connection: it arrives first, empty.
  await using probe = await first.accept();
  assertEquals(await probe.receive(), null);
  const accepted = first.accept();
  await using client = await connectUnix({ path: first.path });
  await using server = await accepted;
  await client.send(new Uint8Array([7]));
  assertEquals([...(await server.receive())!], [7]);
});

Deno.test("unix listener leaves alone a file swapped in at its path", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/swapped.sock`;
  const listener = await listenUnix({ path });
  await Deno.remove(path);
  await Deno.writeTextFile(path, "not yours");
  listener.close();
  assertEquals(await Deno.readTextFile(path), "not yours");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("unix listener socket is 0600 by default, 0660 when asked, whatever the umask", async () => {
  const dir = await Deno.makeTempDir();
  for (const [mode, name] of [[undefined, "a"], [0o660, "b"]] as const) {
    const path = `${dir}/${name}.sock`;
    using listener = await listenUnix({ path, mode });
    assertEquals((await Deno.lstat(path)).mode! & 0o777, mode ?? 0o600);
    assertEquals(listener.addr.path, path);
  }
  using privately = await listenUnix();
  assertEquals((await Deno.lstat(privately.path)).mode! & 0o777, 0o600);
  assertEquals([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir);
});
