import { assertEquals, assertRejects } from "@std/assert";
import { SpmdRankError, SpmdTimeoutError } from "../../lib/spmd/errors.ts";
import { spmd, spmdOnWorkers } from "../../lib/spmd/workers.ts";
import { collectivesReference, resultsByRank } from "./reference.ts";

const fixture = (name: string) =>
  new URL(`../fixtures/mpi/${name}`, import.meta.url);
const program = (name: string) =>
  new URL(`../../lib/programs/${name}`, import.meta.url);

Deno.test("workers: Waku Waku goes from rank 0 to rank 1 as UTF-8 bytes", async () => {
  const run = await spmd(2, program("waku_waku.ts"), { timeoutMs: 20_000 });
  assertEquals(run.ranks[1].lines, ["Proceso 1 recibió: Waku Waku"]);
  assertEquals(run.ranks[1].result, "Waku Waku");
});

Deno.test("workers: every collective matches the local reference on 3 ranks", async () => {
  const run = await spmd(3, fixture("collectives.ts"), { timeoutMs: 20_000 });
  const output = run.lines.map((l) => l.text).join("\n");
  const byRank = resultsByRank(output);
  for (let rank = 0; rank < 3; rank++) {
    assertEquals(byRank[rank], collectivesReference(rank, 3));
  }
});

Deno.test("workers: wildcard receives keep non-overtaking order", async () => {
  const run = await spmd(3, fixture("p2p.ts"), { timeoutMs: 20_000 });
  assertEquals(run.ranks[0].result, {
    firstSelective: true,
    received: 80,
    inOrder: true,
    envelopesMatch: true,
  });
});

Deno.test("workers: receives of unknown size up to 16 MiB arrive whole", async () => {
  const run = await spmd(2, fixture("big.ts"), { timeoutMs: 30_000 });
  const reports = run.ranks[1].lines.map((l) => JSON.parse(l));
  assertEquals(reports.map((r) => r.length), [
    0,
    1,
    1000,
    65536,
    1 << 20,
    16 << 20,
  ]);
  assertEquals(reports.every((r) => r.ok), true);
});

Deno.test("workers: a rank that throws fails the run with that rank's error", async () => {
  // A SpmdRankError (not the run's timeout error) proves the failure ended
  // the run at once rather than after the 20 s bound.
  const error = await assertRejects(
    () => spmd(2, fixture("throws.ts"), { timeoutMs: 20_000 }),
    SpmdRankError,
  );
  assertEquals(error.rank, 1);
  assertEquals(error.rankMessage, "el proceso 1 explota a propósito");
});

Deno.test("workers: a rank stuck in a receive ends with a timeout, not a hang", async () => {
  await assertRejects(
    () =>
      spmdOnWorkers(2, fixture("stuck.ts"), {
        timeoutMs: 3000,
        waitTimeoutMs: 500,
      }),
    SpmdRankError,
    "Se agotó el plazo",
  );
  await assertRejects(
    () =>
      spmdOnWorkers(2, fixture("stuck.ts"), {
        timeoutMs: 1500,
        waitTimeoutMs: 60_000,
      }),
    SpmdTimeoutError,
  );
});

Deno.test("workers: a program that never calls runSpmd is reported", async () => {
  await assertRejects(
    () => spmd(1, fixture("no_run.ts"), { timeoutMs: 10_000 }),
    SpmdRankError,
    "no llamó a runSpmd",
  );
});

Deno.test("workers: π program returns the same value as a single rank would", async () => {
  const run = await spmd(3, program("pi.ts"), {
    timeoutMs: 20_000,
    args: ["300000"],
  });
  const report = run.ranks[0].result as { pi: number; ranks: number };
  assertEquals(report.ranks, 3);
  assertEquals(Math.abs(report.pi - Math.PI) < 1e-9, true);
});
