/**
 * What the notebook's SPMD cells call: the kit's programs by name, on
 * Workers or as a real Open MPI job, with their output captured.
 *
 * @module
 */

import { fromFileUrl } from "@std/path";
import { parsePiReport, type PiReport } from "./pi.ts";
import { spmd } from "./workers.ts";
import {
  denoRankCommand,
  mpiexecAvailable,
  type MpiJobResult,
  runMpiJob,
} from "./mpi/launch.ts";

/**
 * Absolute path of a kit program (lib/programs/<name>), resolved from lib
 * because a notebook cell has no import.meta.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { kitProgramPath } from "./demos.ts";
 *
 * assert(kitProgramPath("waku_waku.ts").endsWith("/lib/programs/waku_waku.ts"));
 * ```
 */
export function kitProgramPath(name: string): string {
  return fromFileUrl(new URL(`../programs/${name}`, import.meta.url));
}

/**
 * Runs lib/programs/pi.ts on `n` Worker ranks and returns rank 0's report.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { piOnWorkers } from "./demos.ts";
 *
 * assertEquals((await piOnWorkers(2, 10000)).ranks, 2);
 * ```
 */
export async function piOnWorkers(n: number, steps: number): Promise<PiReport> {
  const run = await spmd(n, kitProgramPath("pi.ts"), {
    args: [String(steps)],
    timeoutMs: 30_000,
  });
  return run.ranks[0].result as PiReport;
}

/**
 * Runs lib/programs/pi.ts as `n` Open MPI ranks (null when Open MPI is
 * absent or the job failed).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { piOnMpi } from "./demos.ts";
 *
 * const report = await piOnMpi(1, 10000);
 * assert(report === null || report.ranks === 1);
 * ```
 */
export async function piOnMpi(
  n: number,
  steps: number,
): Promise<PiReport | null> {
  if (!await mpiexecAvailable()) return null;
  const job = await runMpiJob(
    [{
      ranks: n,
      command: denoRankCommand(kitProgramPath("pi.ts"), [String(steps)]),
    }],
    { timeoutMs: 30_000 },
  );
  return job.success ? parsePiReport(job.stdout) : null;
}

/**
 * Runs one Open MPI job whose app contexts are kit programs (`.ts` → Deno
 * rank, `.py` → /usr/bin/python3 rank from lib/programs/python/), bounded.
 * Returns null when Open MPI is absent.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { runKitMpiJob } from "./demos.ts";
 *
 * const job = await runKitMpiJob([{ ranks: 2, program: "waku_waku.ts" }]);
 * assert(job === null || job.stdout.includes("Proceso 1 recibió: Waku Waku"));
 * ```
 */
export async function runKitMpiJob(
  apps: { ranks: number; program: string; args?: string[] }[],
  timeoutMs = 30_000,
): Promise<MpiJobResult | null> {
  if (!await mpiexecAvailable()) return null;
  return await runMpiJob(
    apps.map(({ ranks, program, args = [] }) => ({
      ranks,
      command: program.endsWith(".py")
        ? ["/usr/bin/python3", kitProgramPath(`python/${program}`), ...args]
        : denoRankCommand(kitProgramPath(program), args),
    })),
    { timeoutMs },
  );
}

/**
 * Runs lib/programs/python/struct_type.py as two mpi4py ranks: a derived
 * datatype built with MPI_Type_create_struct carries three C-struct
 * records in one message. Null when Open MPI is absent.
 *
 * @example Three records arrive (skipped without Open MPI)
 * ```ts
 * import { assert } from "@std/assert";
 * import { runStructTypeDemo } from "./demos.ts";
 *
 * const job = await runStructTypeDemo();
 * assert(job === null || job.stdout.includes("recibió 3 registros"));
 * ```
 */
export async function runStructTypeDemo(): Promise<MpiJobResult | null> {
  return await runKitMpiJob([{ ranks: 2, program: "struct_type.py" }], 20_000);
}
