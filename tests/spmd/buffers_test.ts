/**
 * Receives into caller-owned buffers (recvBytesInto) on both backends, the
 * Mailbox's put-back that keeps a refused message, and the event-loop turns
 * the MPI backend's waits yield with.
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import { fromFileUrl } from "@std/path";
import { Mailbox } from "../../lib/spmd/mailbox.ts";
import { spmdInline } from "../../lib/spmd/inline.ts";
import { spmd } from "../../lib/spmd/workers.ts";
import {
  denoRankCommand,
  mpiexecAvailable,
  runMpiJob,
} from "../../lib/spmd/mpi/launch.ts";
import { EventLoopTurns } from "../../lib/spmd/mpi/event_loop_turn.ts";

const HAS_MPI = await mpiexecAvailable();
const BUFFERS = fromFileUrl(new URL("./programs/buffers.ts", import.meta.url));
const ALL_GOOD = {
  exact: true,
  larger: true,
  tooSmall: "RangeError",
  keptAfterError: true,
  concurrentOk: true,
  lastOk: true,
  timerRanWhileWaiting: true,
};

Deno.test("Mailbox putBack makes a refused message the earliest again", async () => {
  const box = new Mailbox<number>();
  box.deliver({ source: 1, tag: 0, data: 1 });
  box.deliver({ source: 1, tag: 0, data: 2 });
  const first = await box.take(1, 0, 100);
  box.putBack(first);
  assertEquals((await box.take(1, 0, 100)).data, 1);
  assertEquals((await box.take(1, 0, 100)).data, 2);
  box.close();
});

Deno.test("Mailbox putBack hands the message to a receive already waiting", async () => {
  const box = new Mailbox<string>();
  const waiting = box.take(-1, 5, 1000);
  box.putBack({ source: 3, tag: 5, data: "otra vez" });
  assertEquals(await waiting, { source: 3, tag: 5, data: "otra vez" });
  assertEquals(box.pendingMessages, 0);
  box.close();
});

Deno.test("inline ranks: recvBytesInto fills the caller's buffer and refuses one too small without losing the message", async () => {
  const [result] = await spmdInline(2, async (comm) => {
    if (comm.rank === 1) {
      await comm.sendBytes(new Uint8Array([1, 2, 3]), 0, 4);
      return null;
    }
    const small = new Uint8Array(2);
    await assertRejects(
      () => comm.recvBytesInto(small, 1, 4),
      RangeError,
      "no cabe en un búfer de 2 bytes",
    );
    const roomy = new Uint8Array(8);
    const message = await comm.recvBytesInto(roomy, 1, 4);
    assert(message.data.buffer === roomy.buffer);
    return [...message.data];
  });
  assertEquals(result, [1, 2, 3]);
});

Deno.test("inline ranks: recvBytesInto rejects a non-Uint8Array buffer", async () => {
  await spmdInline(1, async (comm) => {
    await assertRejects(
      () => comm.recvBytesInto([0, 0] as unknown as Uint8Array, 0, 0),
      TypeError,
    );
  });
});

Deno.test("EventLoopTurns refuses next() without acquire and unbalanced release", async () => {
  const turns = new EventLoopTurns();
  await assertRejects(() => turns.next(), RangeError);
  let error: unknown;
  try {
    turns.release();
  } catch (e) {
    error = e;
  }
  assert(error instanceof RangeError);
});

Deno.test("workers: buffer receives, refusals, concurrency and a live event loop", async () => {
  const run = await spmd(2, BUFFERS, { timeoutMs: 30_000 });
  const line = run.lines.map((l) => l.text).find((t) => t.startsWith("{"));
  assertEquals(JSON.parse(line ?? "null"), ALL_GOOD);
});

Deno.test({
  name:
    "mpi: buffer receives, refusals, concurrent large receives and a live event loop",
  ignore: !HAS_MPI,
  fn: async () => {
    const job = await runMpiJob(
      [{ ranks: 2, command: denoRankCommand(BUFFERS) }],
      { timeoutMs: 60_000 },
    );
    assert(job.success, `mpiexec failed:\n${job.stdout}\n${job.stderr}`);
    assertEquals(JSON.parse(job.stdout.trim()), ALL_GOOD);
  },
});
