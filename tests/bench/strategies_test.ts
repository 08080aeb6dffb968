import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  BENCH_COMPARISONS,
  selectComparisons,
} from "../../lib/bench/comparisons.ts";
import { strategyOf } from "../../lib/bench/strategies.ts";
import {
  aggregateRuns,
  runFromRaw,
  validateBenchRecords,
} from "../../lib/bench/records.ts";
import { oneSendAtATime } from "../../lib/bench/pairs_each.ts";
import { kitBenchPairs } from "../../lib/bench/kit_pairs.ts";
import type { MessageDuplex } from "../../lib/wire/duplex.ts";
import {
  fifoAsyncBenchPair,
  fifoPeerArgs,
  pipeBenchPair,
  pipePeerArgs,
} from "../../lib/bench/pairs_pipe.ts";
import { parsePeerArgs } from "../../lib/bench/peer_program.ts";
import { DEFAULT_BUSY_POLL_MS } from "../../lib/fast/sockets.ts";

Deno.test("every row compares runtimes that use the row's strategy", () => {
  const classified = BENCH_COMPARISONS.filter((c) => c.strategy !== undefined);
  assert(classified.length >= 12);
  for (const row of classified) {
    assertEquals(strategyOf("deno", row.deno), row.strategy, row.deno);
    if (row.python !== undefined) {
      assertEquals(strategyOf("python", row.python), row.strategy, row.python);
    }
    if (row.c !== undefined) {
      assertEquals(strategyOf("c", row.c), row.strategy, row.c);
    }
  }
});

Deno.test("every kit mechanism of a row is registered", () => {
  const registry = kitBenchPairs();
  for (const row of BENCH_COMPARISONS) {
    if (row.viaMpi) continue;
    assert(registry.has(row.deno), row.deno);
  }
});

Deno.test("a selected mechanism brings the baselines the strategy split needs", () => {
  const s = selectComparisons(["pipe"]);
  assertEquals(s.comparisons.map((c) => c.deno), ["pipe"]);
  assertEquals(s.c, [
    "pipe-batch-spin",
    "pipe-batch",
    "pipe-batch-helper",
    "pipe",
    "pipe-helper",
  ]);
  assertEquals(s.python, ["pipe-os-batch", "pipe-os"]);
});

Deno.test("every byte-stream pair waits the way its row's strategy says", () => {
  const registry = kitBenchPairs();
  const streams = ["tcp", "unix", "pipe", "fifo"];
  const rows = BENCH_COMPARISONS.filter((c) =>
    c.strategy !== undefined &&
    streams.includes(c.label.replace(" (Deno.Conn)", ""))
  );
  // Spin, own-thread kernel and its -each row, event-loop kernel and its
  // -each row of each socket; spin, own-thread kernel, helper thread and
  // their -each rows of each pipe and FIFO.
  assertEquals(rows.length, 20);
  for (const row of rows) {
    const pair = registry.get(row.deno);
    const ms = pair.busyPollMs;
    assert(ms !== undefined, row.deno);
    const socket = row.label.startsWith("tcp") ||
      row.label.startsWith("unix");
    // Only the event-loop rows go through Deno.Conn; the rest block.
    assertEquals(
      row.label.endsWith("(Deno.Conn)"),
      socket && ms === false && !pair.blocksThread,
      row.deno,
    );
    // Deno's sockets sleep in the event loop's epoll on their own thread;
    // its pipes and FIFOs cannot, so they sleep on a helper thread unless
    // the pair blocks its thread in its own poll.
    const wait = ms !== false
      ? "spin"
      : socket || pair.blocksThread
      ? "kernel"
      : "helper";
    assertEquals(wait, row.strategy!.wait, row.deno);
    if (typeof ms === "number") assert(ms > 0, row.deno);
  }
});

Deno.test("pipe and FIFO peers are told to wait as the parent does", () => {
  for (const ms of [false, DEFAULT_BUSY_POLL_MS] as const) {
    const pipe = parsePeerArgs(pipePeerArgs(ms));
    assertEquals([pipe.kind, pipe.busyPollMs], ["pipe", ms]);
    const fifo = parsePeerArgs(fifoPeerArgs("/r", "/w", ms));
    assertEquals(fifo, { kind: "fifo", where: ["/r", "/w"], busyPollMs: ms });
  }
  assertEquals(pipeBenchPair.busyPollMs, DEFAULT_BUSY_POLL_MS);
  assertEquals(fifoAsyncBenchPair.busyPollMs, false);
  assertThrows(() => parsePeerArgs(["pipe", "-1"]), RangeError);
  assertThrows(() => parsePeerArgs(["pipe", "0.5", "x"]), TypeError);
  assertThrows(() => pipePeerArgs(NaN), RangeError);
});

Deno.test("records carry the strategy, and the validator checks it", () => {
  const records = aggregateRuns([
    runFromRaw("tcp-batch-spin", "c", 64, [10], 100, 1),
    runFromRaw("mpi", "deno", 64, [10], 100, 1),
  ]);
  assertEquals(records.map((r) => [r.mechanism, r.send, r.wait]), [
    ["tcp-batch-spin", "batched", "spin"],
    ["tcp-batch-spin", "batched", "spin"],
    ["mpi", undefined, undefined],
    ["mpi", undefined, undefined],
  ]);
  validateBenchRecords(JSON.parse(JSON.stringify(records)));
  let refused = false;
  try {
    validateBenchRecords([{ ...records[0], wait: "nap" }]);
  } catch (error) {
    refused = error instanceof TypeError;
  }
  assert(refused);
});

Deno.test("oneSendAtATime never has two sends in flight", async () => {
  let inFlight = 0;
  let most = 0;
  const sent: number[] = [];
  const fake: MessageDuplex = {
    async send(message) {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      sent.push(message[0]);
      inFlight--;
    },
    receive: () => Promise.resolve(null),
    close: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  const each = oneSendAtATime(fake);
  await Promise.all([1, 2, 3, 4].map((n) => each.send(new Uint8Array([n]))));
  assertEquals([most, sent], [1, [1, 2, 3, 4]]);
});
