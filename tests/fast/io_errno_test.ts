/**
 * An errno read after an FFI call can be overwritten by the runtime before
 * the kit reads it (see lib/fast/io_errno.ts): a busy-poll pipe takes an
 * errno its call cannot return for "not yet" and tries again, and still
 * reports it once it keeps coming back.
 */

import { assertEquals, assertRejects } from "@std/assert";
import { IoErrnoCheck } from "../../lib/fast/io_errno.ts";
import { BusyPollPipe } from "../../lib/fast/busy_poll_pipe.ts";
import { cPath, PIPE, pipeLibc } from "../../lib/fast/pipe_libc.ts";
import { makeFifo } from "../../lib/transports/fifo.ts";

Deno.test("IoErrnoCheck: EAGAIN and EINTR retry, real errors stop, implausible ones retry twice", () => {
  const table: [number[], boolean[]][] = [
    [[11, 4, 11], [true, true, true]],
    [[32], [false]], // EPIPE
    [[104], [false]], // ECONNRESET
    [[9], [false]], // EBADF
    [[2, 2, 2], [true, true, false]], // ENOENT: read(2) never says that
    [[0, 11, 0, 0, 0], [true, true, true, true, false]], // EAGAIN restarts the count
  ];
  for (const [errnos, expected] of table) {
    const check = new IoErrnoCheck(PIPE.EAGAIN, PIPE.EINTR);
    assertEquals(errnos.map((e) => check.tryAgain(e)), expected, `${errnos}`);
  }
});

/** A FIFO's two non-blocking ends, and a libc whose first `read`s fail with `errno`. */
async function pipeWithFailingReads(failures: number, errno: number) {
  const dir = await Deno.makeTempDir({ prefix: "kit-errno-" });
  await makeFifo(`${dir}/f`);
  const real = pipeLibc.acquire();
  const flags = PIPE.O_NONBLOCK | PIPE.O_CLOEXEC;
  const readFd = real.open(cPath(`${dir}/f`), PIPE.O_RDONLY | flags);
  const writeFd = real.open(cPath(`${dir}/f`), PIPE.O_WRONLY | flags);
  const errnoCell = new Int32Array([errno]);
  let left = failures;
  const libc = {
    ...real,
    read: (fd: number, buffer: BufferSource, count: bigint) => {
      if (fd === readFd && left > 0) {
        left--;
        return -1;
      }
      return real.read(fd, buffer, count);
    },
    __errno_location: () => Deno.UnsafePointer.of(errnoCell),
  } as typeof real;
  const pipe = new BusyPollPipe(
    libc,
    readFd,
    writeFd,
    0.05,
    () => pipeLibc.release(),
  );
  return {
    pipe,
    async [Symbol.asyncDispose]() {
      pipe.close();
      await pipe.whenClosed();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("a busy-poll pipe read survives two clobbered errnos (ENOENT) and gets its bytes", async () => {
  await using fifo = await pipeWithFailingReads(2, 2);
  assertEquals(await fifo.pipe.write(new Uint8Array([1, 2, 3])), 3);
  const got = new Uint8Array(8);
  assertEquals(await fifo.pipe.read(got), 3);
  assertEquals([...got.subarray(0, 3)], [1, 2, 3]);
});

Deno.test("a busy-poll pipe read reports an implausible errno that keeps coming back", async () => {
  await using fifo = await pipeWithFailingReads(3, 2);
  await assertRejects(
    () => fifo.pipe.read(new Uint8Array(8)),
    Deno.errors.NotFound,
  );
});

Deno.test("a busy-poll pipe read reports a plausible errno at once", async () => {
  await using fifo = await pipeWithFailingReads(1, 9); // EBADF
  await assertRejects(
    () => fifo.pipe.read(new Uint8Array(8)),
    Deno.errors.BadResource,
  );
});
