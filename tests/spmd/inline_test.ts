import { assert, assertEquals, assertRejects } from "@std/assert";
import { ANY_SOURCE, ANY_TAG } from "../../lib/spmd/communicator.ts";
import { SpmdRankError, SpmdTimeoutError } from "../../lib/spmd/errors.ts";
import { spmdInline } from "../../lib/spmd/inline.ts";
import { WaitTimeoutError } from "../../lib/util/deadline.ts";
import { seededRandom } from "../../lib/util/random.ts";

Deno.test("inline ranks: every collective matches a local reference for 1 to 5 ranks", async () => {
  for (let size = 1; size <= 5; size++) {
    const results = await spmdInline(size, async (comm) => ({
      bcast: await comm.bcast(comm.rank === 0 ? [1, "dos"] : undefined),
      scatter: await comm.scatter(
        comm.rank === size - 1
          ? Array.from({ length: size }, (_, i) => i * 10)
          : undefined,
        size - 1,
      ),
      gather: await comm.gather(comm.rank, 0),
      sum: await comm.reduce([comm.rank, 1], "sum"),
      max: await comm.allreduce(comm.rank, "max"),
      prod: await comm.allreduce(comm.rank + 1, "prod"),
    }));
    const ranks = Array.from({ length: size }, (_, i) => i);
    results.forEach((r, rank) => {
      assertEquals(r.bcast, [1, "dos"]);
      assertEquals(r.scatter, rank * 10);
      assertEquals(r.gather, rank === 0 ? ranks : null);
      assertEquals(
        r.sum,
        rank === 0 ? [ranks.reduce((a, b) => a + b, 0), size] : null,
      );
      assertEquals(r.max, size - 1);
      assertEquals(r.prod, ranks.reduce((p, i) => p * (i + 1), 1));
    });
  }
});

Deno.test("inline ranks: random traffic keeps per-pair order with wildcard receives", async () => {
  const seed = 20240607;
  const random = seededRandom(seed);
  const size = 4;
  const plan = Array.from(
    { length: size },
    () => Array.from({ length: 30 }, () => Math.floor(random.next() * 3)),
  );
  console.log(`seed ${seed}, ${size} ranks × 30 messages`);
  const received = await spmdInline(size, async (comm) => {
    if (comm.rank !== 0) {
      for (const [i, tag] of plan[comm.rank].entries()) {
        await comm.send(i, 0, tag);
        if (i % 7 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      return [];
    }
    const got: [number, number, number][] = [];
    for (let i = 0; i < 30 * (size - 1); i++) {
      const m = await comm.recv<number>(ANY_SOURCE, ANY_TAG);
      got.push([m.source, m.tag, m.data]);
    }
    return got;
  });
  for (let source = 1; source < size; source++) {
    for (let tag = 0; tag < 3; tag++) {
      const seen = received[0].filter(([s, t]) => s === source && t === tag)
        .map(([, , i]) => i);
      const sent = plan[source].flatMap((t, i) => (t === tag ? [i] : []));
      assertEquals(seen, sent, `source ${source} tag ${tag}`);
    }
  }
});

Deno.test("inline ranks: a throwing rank fails the run with its message and frees waiting ranks", async () => {
  const error = await assertRejects(
    () =>
      spmdInline(3, async (comm) => {
        if (comm.rank === 2) throw new Error("falla a propósito");
        await comm.barrier();
      }, { timeoutMs: 5000 }),
    SpmdRankError,
  );
  assertEquals(error.rank, 2);
  assertEquals(error.rankMessage, "falla a propósito");
});

Deno.test("inline ranks: a rank that never ends times the run out with an SpmdTimeoutError", async () => {
  const error = await assertRejects(
    () =>
      spmdInline(2, async (comm) => {
        // Not a communicator wait, so only the run's own bound can end it.
        if (comm.rank === 1) await new Promise(() => {});
        return comm.rank;
      }, { timeoutMs: 50 }),
    SpmdTimeoutError,
  );
  assert(error instanceof WaitTimeoutError);
  assertEquals(error.timeoutMs, 50);
  assertEquals(
    error.message,
    "La ejecución SPMD de 2 procesos no terminó en 50 ms",
  );
});

Deno.test("inline ranks: mismatched collectives are reported, not confused", async () => {
  const error = await assertRejects(
    () =>
      spmdInline(2, async (comm) => {
        if (comm.rank === 0) await comm.barrier();
        else await comm.gather(1, 0);
      }, { timeoutMs: 2000 }),
    SpmdRankError,
  );
  assertEquals(/Colectivas distintas/.test(error.message), true);
});

Deno.test("inline ranks: invalid destination, tag or send value are typed errors", async () => {
  await spmdInline(2, async (comm) => {
    if (comm.rank !== 0) return;
    await assertRejects(() => comm.send(1, 2), RangeError);
    await assertRejects(() => comm.send(1, -1), RangeError);
    await assertRejects(() => comm.send(1, 1, -3), RangeError);
    await assertRejects(() => comm.send(() => 1, 1), TypeError);
    await assertRejects(() => comm.reduce(1, "avg" as "sum"), RangeError);
  });
});
