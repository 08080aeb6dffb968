/**
 * π by integration as an SPMD program: every rank sums its block of the
 * midpoint rule, `reduce` adds the partial sums on rank 0, which prints the
 * result and the compute time of the slowest rank (for the speed-up).
 *
 * Run it: `deno task spmd -n 4 lib/programs/pi.ts 40000000` or
 * `deno task mpi -n 4 lib/programs/pi.ts 40000000` (argument: steps).
 *
 * @module
 */

import { formatPiReport, piPartialSum } from "../spmd/pi.ts";
import { runSpmd, spmdArgs } from "../spmd/run.ts";

const steps = Number(spmdArgs()[0] ?? 20_000_000);
if (!Number.isInteger(steps) || steps < 1) {
  throw new RangeError(`Número de pasos inválido: ${spmdArgs()[0]}`);
}

await runSpmd(async (comm) => {
  await comm.barrier();
  const started = performance.now();
  const partial = piPartialSum(steps, comm.rank, comm.size);
  const total = await comm.reduce(partial, "sum", 0);
  const elapsed = performance.now() - started;
  const slowest = await comm.reduce(elapsed, "max", 0);
  if (comm.rank !== 0) return null;
  const report = { pi: total! / steps, ranks: comm.size, steps, ms: slowest! };
  console.log(formatPiReport(report));
  return report;
});
