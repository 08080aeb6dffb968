// The fast sockets' failures and edges: closes that wake a waiter, typed
// errors, a vanished peer, a full backlog, the Unix path rules.
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
} from "@std/assert";
import { within } from "../duplex_conformance.ts";
import { privateSocketPath } from "../../lib/transports/unix.ts";
import {
  connectTcpFast,
  connectUnixFast,
  listenTcpFast,
  listenUnixFast,
} from "../../lib/fast/sockets.ts";
import { connectBusyPoll } from "../../lib/fast/busy_poll.ts";
import {
  checkCall,
  encodeSockaddr,
  SOCK,
  socketLibc,
} from "../../lib/ffi/socket.ts";
import {
  DuplexClosedError,
  FrameTooLargeError,
  TruncatedFrameError,
} from "../../lib/wire/errors.ts";
import { framedDuplex } from "../../lib/wire/framed.ts";

/** A short spin keeps the suite light on a shared 2-core machine. */
const BUSY = { busyPollMs: 0.05 } as const;

Deno.test("busy-poll close wakes a receive asleep in poll", async () => {
  // No spin at all: the receive goes straight to sleep in poll.
  using listener = listenTcpFast({ busyPollMs: 0 });
  const accepted = listener.accept();
  const client = await connectTcpFast({
    port: listener.addr.port,
    busyPollMs: 0,
  });
  await using _server = await accepted;
  const pending = client.receive();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await client.close();
  assertEquals(await within(pending, 2_000, "the woken receive"), null);
});

Deno.test("busy-poll listener close rejects a pending accept", async () => {
  const listener = listenTcpFast(BUSY);
  const pending = listener.accept();
  await new Promise((resolve) => setTimeout(resolve, 20));
  listener.close();
  await assertRejects(
    () => within(pending, 2_000, "the rejected accept"),
    DuplexClosedError,
  );
  await assertRejects(() => listener.accept(), DuplexClosedError);
});

Deno.test("busy-poll receive rejects a length above maxFrameBytes and a cut frame", async () => {
  using listener = await listenUnixFast({ ...BUSY, maxFrameBytes: 1024 });
  const path = listener.path;
  const accepted = listener.accept();
  // The raw peer writes garbage through a plain Deno.Conn.
  const raw = await Deno.connect({ transport: "unix", path });
  await using server = await accepted;
  await raw.write(new Uint8Array([0x7f, 0xff, 0xff, 0xff, 1, 2]));
  const error = await assertRejects(() => server.receive(), FrameTooLargeError);
  assertInstanceOf(error, RangeError);
  raw.close();

  const accepted2 = listener.accept();
  const raw2 = await Deno.connect({ transport: "unix", path });
  await using server2 = await accepted2;
  await raw2.write(new Uint8Array([0, 0, 0, 10, 1, 2, 3])); // 7 of 10 bytes
  raw2.close();
  const cut = await assertRejects(() => server2.receive(), TruncatedFrameError);
  assertEquals(cut.missingBytes, 7);
});

Deno.test("busy-poll connect and options fail with typed errors", async () => {
  const cases: [
    string,
    () => Promise<unknown>,
    new (message?: string) => Error,
  ][] = [
    // Nobody listens on the path.
    [
      "missing path",
      () => connectUnixFast({ path: "/tmp/no-such-kit-dir/x.sock", ...BUSY }),
      Deno.errors.NotFound,
    ],
    // sockaddr_un holds 107 bytes of path.
    [
      "path too long",
      () => connectUnixFast({ path: `/tmp/${"x".repeat(200)}`, ...BUSY }),
      RangeError,
    ],
    // Only numeric IPv4 (and localhost): no resolver in the busy-poll path.
    [
      "host name",
      () => connectTcpFast({ hostname: "example.org", port: 1, ...BUSY }),
      TypeError,
    ],
    // A negative spin budget makes no sense.
    [
      "negative spin",
      () => connectTcpFast({ port: 1, busyPollMs: -1 }),
      RangeError,
    ],
    ["port out of range", () => connectTcpFast({ port: 70_000 }), RangeError],
  ];
  for (const [what, attempt, type] of cases) {
    const error = await assertRejects(attempt);
    assert(error instanceof type, `${what}: got ${error}`);
  }
  assertEquals(socketLibc.users, 0);
});

Deno.test("busy-poll a peer that vanishes mid-stream ends the survivor's receive", async () => {
  using listener = listenTcpFast(BUSY);
  const accepted = listener.accept();
  const conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: listener.addr.port,
  });
  const peer = framedDuplex(conn);
  await using server = await accepted;
  await peer.send(new Uint8Array([1]));
  assertEquals([...(await server.receive())!], [1]);
  conn.close(); // abrupt: no half-close first
  const outcome = await within(
    server.receive().then((m) => m, (e) => e),
    2_000,
    "the survivor's receive",
  );
  assert(outcome === null || outcome instanceof Error, `got ${outcome}`);
  await peer.close();
});

Deno.test("busy-poll connect to a full Unix backlog retries, then times out", async () => {
  // A listener with backlog 0 that accepts only when the test says so.
  const libc = socketLibc.acquire();
  const path = await privateSocketPath("full.sock");
  const dir = path.slice(0, path.lastIndexOf("/"));
  const fd = checkCall(
    libc,
    "socket",
    libc.socket(SOCK.AF_UNIX, SOCK.SOCK_STREAM | SOCK.SOCK_CLOEXEC, 0),
  );
  const address = encodeSockaddr({ transport: "unix", path });
  checkCall(libc, "bind", libc.bind(fd, address, address.length));
  checkCall(libc, "listen", libc.listen(fd, 0));
  const queued = [];
  let refusal: unknown = null;
  for (let i = 0; i < 8 && refusal === null; i++) {
    try {
      queued.push(
        await connectBusyPoll({ transport: "unix", path }, {
          spinMs: 0,
          timeoutMs: 100,
        }),
      );
    } catch (error) {
      refusal = error;
    }
  }
  // The kernel queued what the backlog holds, then the next connect waited
  // its whole timeout: a typed TimedOut, not a half-open socket.
  assertInstanceOf(refusal, Deno.errors.TimedOut);
  assert(queued.length >= 1);
  // Accepting one queued connection makes room: a retrying connect gets in.
  const late = connectBusyPoll({ transport: "unix", path }, {
    spinMs: 0,
    timeoutMs: 5_000,
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const accepted = checkCall(
    libc,
    "accept",
    libc.accept4(fd, null, null, SOCK.SOCK_CLOEXEC),
  );
  const joined = await late;
  for (const socket of [...queued, joined]) {
    socket.close();
    await socket.whenClosed();
  }
  libc.close(accepted);
  libc.close(fd);
  socketLibc.release();
  assertEquals(socketLibc.users, 0);
  await Deno.remove(dir, { recursive: true });
});

for (const busyPollMs of [false, 0] as const) {
  Deno.test(`fast unix listener (busyPollMs ${busyPollMs}) refuses a live path and keeps a swapped-in file`, async () => {
    const dir = await Deno.makeTempDir();
    const path = `${dir}/fast.sock`;
    const listener = await listenUnixFast({ path, busyPollMs });
    assertEquals(listener.addr.path, path);
    assertEquals((await Deno.lstat(path)).mode! & 0o777, 0o600);
    await assertRejects(
      () => listenUnixFast({ path, busyPollMs }),
      Deno.errors.AddrInUse,
    );
    await Deno.remove(path);
    await Deno.writeTextFile(path, "keep");
    listener.close();
    assertEquals(await Deno.readTextFile(path), "keep");
    await Deno.remove(dir, { recursive: true });
  });
}
