/**
 * The busy-poll pipes and FIFOs (libc reads and writes on non-blocking
 * descriptors): the conformance suite over real OS pipes through two `cat`
 * relays and over two FIFOs with the spin forced on; a child that busy-polls
 * its own stdio; (that the descriptors come back is checked in
 * descriptors_test.ts, in a process of its own).
 * With a spin budget of 0 (the parent side of the bench's kernel-wait rows:
 * `pipe-async`, `fifo-async` and their `-each` rows), a read or write that
 * finds nothing (`EAGAIN`) sleeps in `poll` at once and resumes when the
 * descriptor is ready; a peer that dies inside a frame is a typed error; a
 * 1 MiB message arrives whole; closing while a wait sleeps releases the
 * helper thread and every descriptor.
 */

import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { testDuplexConformance, within } from "../duplex_conformance.ts";
import { fastFramedDuplex } from "../../lib/fast/framed.ts";
import { childStdioPipe } from "../../lib/fast/pipe_ends.ts";
import { BusyPollPipe } from "../../lib/fast/busy_poll_pipe.ts";
import { blockingPipeResource } from "../../lib/fast/blocking_pipe.ts";
import { FdWaiter } from "../../lib/fast/fd_waiter.ts";
import { cPath, PIPE, pipeLibc } from "../../lib/fast/pipe_libc.ts";
import { TruncatedFrameError } from "../../lib/wire/errors.ts";
import { spawnDenoChildFast } from "../../lib/fast/pipe.ts";
import { openFifoDuplexFast } from "../../lib/fast/fifo.ts";
import { createFifoPair, makeFifo } from "../../lib/transports/fifo.ts";
import { testCatRelayConformance } from "../transports/cat_pipes.ts";

const echoChild = new URL("./fast_echo_child.ts", import.meta.url);

testCatRelayConformance("busy-poll pipe (through cat)", (into, from) => {
  const pipe = childStdioPipe({ stdinOf: into, stdoutOf: from }, 0.2);
  return fastFramedDuplex(pipe, {
    reuseBuffers: true,
    onClose: () => pipe.whenClosed(),
  });
});

// Spin 0: every wait that finds nothing sleeps in poll at once.
testDuplexConformance("busy-poll fifo, no spin", async () => {
  const fifos = await createFifoPair();
  const options = { reuseBuffers: true, busyPollMs: 0 };
  const [server, client] = await Promise.all([
    openFifoDuplexFast(fifos.requests, fifos.replies, 5000, options),
    openFifoDuplexFast(fifos.replies, fifos.requests, 5000, options),
  ]);
  return { pair: [client, server], cleanup: () => fifos.remove() };
}, {
  killPeer: (victim) => victim.close(),
  peerDeathOutcome: "null",
});

Deno.test("A busy-poll FIFO end: a write after closeWrite is refused, reads go on", async () => {
  await using fifos = await createFifoPair();
  const options = { busyPollMs: 0.1 };
  const [server, client] = await Promise.all([
    openFifoDuplexFast(fifos.requests, fifos.replies, 5000, options),
    openFifoDuplexFast(fifos.replies, fifos.requests, 5000, options),
  ]);
  await client.closeWrite();
  assertEquals(await within(server.receive(), 5000, "end"), null);
  await assertRejects(() => client.send(new Uint8Array([1])));
  await server.send(new Uint8Array([2]));
  assertEquals([...(await within(client.receive(), 5000, "reply"))!], [2]);
  await server.close();
  assertEquals(await within(client.receive(), 5000, "end"), null);
  await client.close();
});

/** Whether `promise` is still pending after `ms` (nothing else settles it). */
async function stillPending(promise: Promise<unknown>, ms: number) {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return !settled;
}

/** A spin-0 pipe whose read and write ends are one FIFO (a loop back). */
async function loopBackPipe(): Promise<
  { pipe: BusyPollPipe; dispose(): Promise<void> }
> {
  const dir = await Deno.makeTempDir();
  await makeFifo(`${dir}/f`);
  const libc = pipeLibc.acquire();
  const flags = PIPE.O_NONBLOCK | PIPE.O_CLOEXEC;
  const readFd = libc.open(cPath(`${dir}/f`), PIPE.O_RDONLY | flags);
  const writeFd = libc.open(cPath(`${dir}/f`), PIPE.O_WRONLY | flags);
  const pipe = new BusyPollPipe(libc, readFd, writeFd, 0, () => {
    pipeLibc.release();
  });
  return {
    pipe,
    async dispose() {
      pipe.close();
      await pipe.whenClosed();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("spin 0: a read that finds nothing sleeps, then takes what arrives", async () => {
  const { pipe, dispose } = await loopBackPipe();
  try {
    const got = new Uint8Array(8);
    const reading = pipe.read(got);
    assert(await stillPending(reading, 30), "a read of an empty pipe waits");
    assertEquals(await pipe.write(new Uint8Array([3, 1, 4])), 3);
    assertEquals(await within(reading, 5000, "the read"), 3);
    assertEquals([...got.subarray(0, 3)], [3, 1, 4]);
  } finally {
    await dispose();
  }
});

Deno.test("spin 0: a write that finds the pipe full waits until it drains", async () => {
  const { pipe, dispose } = await loopBackPipe();
  try {
    // More than any pipe holds: the first write takes what fits (EAGAIN
    // then stops it), the second finds no room at all and must sleep.
    const big = new Uint8Array(4 * 1024 * 1024);
    const first = await pipe.write(big);
    assert(first > 0 && first < big.length, `partial write of ${first}`);
    const writing = pipe.write(big.subarray(first));
    assert(await stillPending(writing, 30), "a write to a full pipe waits");
    const drain = new Uint8Array(first);
    let drained = 0;
    while (drained < first) {
      drained += (await within(pipe.read(drain), 5000, "drain"))!;
    }
    assert(await within(writing, 5000, "the write") > 0);
  } finally {
    await dispose();
  }
});

Deno.test("blocking calls with a wait limit: data within it is read, silence and a full pipe end in TimedOut", async () => {
  const { pipe, dispose } = await loopBackPipe();
  try {
    const got = new Uint8Array(8);
    assertEquals(pipe.writeBlocking(new Uint8Array([2, 7]), 200), 2);
    assertEquals(pipe.readBlocking(got, 0, 200), 2);
    assertEquals([...got.subarray(0, 2)], [2, 7]);
    // Nothing written: the read sleeps its limit (in poll slices), then fails.
    const started = performance.now();
    assertThrows(() => pipe.readBlocking(got, 0, 60), Deno.errors.TimedOut);
    assert(performance.now() - started >= 55, "it slept about its limit");
    // Full, and nobody reads: the write fails the same way, nothing lost
    // of what it wrote before (the partial count came back first).
    const big = new Uint8Array(4 * 1024 * 1024);
    const first = pipe.writeBlocking(big, 60);
    assert(first > 0 && first < big.length);
    assertThrows(
      () => pipe.writeBlocking(big.subarray(first), 60),
      Deno.errors.TimedOut,
      "no estuvo lista",
    );
    // Zero or negative limits are refused where the resource is made.
    assertThrows(() => blockingPipeResource(pipe, 0, 0), RangeError);
    assertThrows(() => blockingPipeResource(pipe, 0, -5), RangeError);
  } finally {
    await dispose();
  }
});

Deno.test("spin 0 never spins: one attempt per wake-up from poll", async () => {
  const libc = pipeLibc.acquire();
  const waiter = new FdWaiter(libc, 0, () => pipeLibc.release());
  // An eventfd stands for the descriptor: readable once written.
  const fd = libc.eventfd(0, PIPE.O_NONBLOCK | PIPE.O_CLOEXEC);
  let attempts = 0;
  let ready = false;
  const timer = setTimeout(() => {
    ready = true;
    libc.write(fd, new Uint8Array(new BigUint64Array([1n]).buffer), 8n);
  }, 40);
  try {
    const value = await within(
      waiter.retry(
        () => (++attempts, ready ? "ok" : undefined),
        fd,
        PIPE.POLLIN,
      ),
      5000,
      "the wait",
    );
    assertEquals(value, "ok");
    // A spin would have tried thousands of times in 40 ms; a poll slice that
    // ran out on a loaded machine may add one more.
    assert(attempts <= 2, `${attempts} attempts`);
  } finally {
    clearTimeout(timer);
    waiter.close();
    await waiter.whenClosed();
    libc.close(fd);
  }
});

Deno.test("spin 0: a peer that dies inside a frame is a TruncatedFrameError", async () => {
  // The child announces 100 bytes, sends 10, and exits.
  const child = new Deno.Command("/usr/bin/python3", {
    args: [
      "-c",
      "import sys; sys.stdout.buffer.write(b'\\x00\\x00\\x00\\x64' + b'x' * 10)",
    ],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const pipe = childStdioPipe({ stdinOf: child, stdoutOf: child }, 0);
  const duplex = fastFramedDuplex(pipe, { onClose: () => pipe.whenClosed() });
  try {
    await assertRejects(
      () => within(duplex.receive(), 10_000, "the cut frame"),
      TruncatedFrameError,
    );
  } finally {
    await duplex.close();
    await child.status;
  }
});

Deno.test("spin 0: a 1 MiB message crosses to a blocking child and back whole", async () => {
  const child = spawnDenoChildFast(echoChild, {
    args: ["pipe"], // no --allow-ffi: the child makes blocking calls
    reuseBuffers: true,
    busyPollMs: 0,
  });
  try {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 13) & 0xff);
    for (let round = 0; round < 3; round++) {
      await within(child.send(big), 20_000, "send 1 MiB");
      assertEquals(await within(child.receive(), 20_000, "echo 1 MiB"), big);
    }
  } finally {
    await within(child.close(), 20_000, "close");
  }
  assertEquals((await child.exited).code, 0);
});
