/**
 * A reduction across ranks that may be written in different languages: each
 * rank contributes [rank + 1, (rank + 1) ** 2] as float64; rank 0 gets the
 * sum (reduce) and every rank the maximum (allreduce). Its Python twin is
 * lib/programs/python/reduce_rank.py, so one job can mix both:
 *
 *   mpiexec -n 1 python3 lib/programs/python/reduce_rank.py : -n 2 deno run -A lib/programs/reduce_mixed.ts
 *
 * @module
 */

import { runSpmd } from "../spmd/run.ts";

await runSpmd(async (comm) => {
  const mine = [comm.rank + 1, (comm.rank + 1) ** 2];
  const total = await comm.reduce(mine, "sum", 0);
  const largest = await comm.allreduce(mine, "max");
  if (comm.rank === 0) console.log(`[deno] rank 0: suma = [${total}]`);
  console.log(`[deno] rank ${comm.rank}: máximo = [${largest}]`);
  return { total, largest };
});
