/**
 * Notebook 07's deadlock lesson: the same exchange program
 * (lib/programs/exchange.ts) on the kit's Workers, whose sends are always
 * buffered, and under real `mpiexec`, where a standard-mode send of a large
 * message waits for the matching receive (MPI 4.1 §3.4: the standard mode
 * "may" buffer; Open MPI buffers only small messages, eagerly). Every run is
 * bounded. A job is called deadlocked only when both ranks announced the
 * exchange and then neither received for {@linkcode DEADLOCK_AFTER_MS} and
 * {@linkcode DEADLOCK_FACTOR} times the slowest exchange that finished
 * beside it: the clock starts at that announcement, not at the job's start,
 * because start-up (Deno, MPI_Init) takes seconds on a loaded machine.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { kitProgramPath } from "./demos.ts";
import {
  denoRankCommand,
  mpiexecAvailable,
  type MpiJobResult,
  runMpiJob,
} from "./mpi/launch.ts";
import { spmd } from "./workers.ts";
import {
  classifyExchange,
  DEADLOCK_AFTER_MS,
  DEADLOCK_FACTOR,
  type ExchangeMode,
  type ExchangeRow,
  receivedCount,
  startedCount,
} from "./exchange_rule.ts";

export {
  classifyExchange,
  DEADLOCK_AFTER_MS,
  DEADLOCK_FACTOR,
} from "./exchange_rule.ts";
export type { ExchangeMode, ExchangeRow } from "./exchange_rule.ts";
export { exchangeSentence, formatExchangeDemo } from "./exchange_text.ts";

/** Options of {@linkcode runExchangeDemo}. */
export interface ExchangeDemoOptions {
  /** Bytes of the large message (default 1 MiB). */
  largeBytes?: number;
  /** Bytes of the small message (default 1 KiB). */
  smallBytes?: number;
  /**
   * Hard bound of each mpiexec job in ms, start-up included (default
   * 30000); 1 or less skips the MPI rows.
   */
  mpiTimeoutMs?: number;
  /** See {@linkcode DEADLOCK_AFTER_MS} (the default). */
  deadlockAfterMs?: number;
}

/**
 * Runs the exchange: send-send with a large message on Workers, and under
 * mpiexec send-send with a small and with a large message, and the two
 * fixes (ordered, overlap) with the large one — all five at once, since
 * each row's outcome does not depend on the others' (its time does: every
 * row's wall time includes start-ups shared with the rest). The MPI rows
 * are left out when Open MPI is absent. About 6 s with Open MPI.
 *
 * @example The Workers row always finishes (its sends are buffered)
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { runExchangeDemo } from "./exchange_demo.ts";
 *
 * const rows = await runExchangeDemo({ largeBytes: 100_000, mpiTimeoutMs: 1 });
 * assertEquals(rows[0].backend, "workers");
 * assertEquals(rows[0].outcome, "finished");
 * ```
 */
export async function runExchangeDemo(
  options: ExchangeDemoOptions = {},
): Promise<ExchangeRow[]> {
  const large = options.largeBytes ?? 1_048_576;
  const small = options.smallBytes ?? 1024;
  const mpiTimeoutMs = options.mpiTimeoutMs ?? 30_000;
  const deadlockAfterMs = options.deadlockAfterMs ?? DEADLOCK_AFTER_MS;
  if (!(deadlockAfterMs > 0)) {
    throw new RangeError(
      `deadlockAfterMs debe ser positivo, no ${deadlockAfterMs}`,
    );
  }
  const program = kitProgramPath("exchange.ts");
  const onWorkers = (async (): Promise<ExchangeRow> => {
    const started = performance.now();
    const run = await spmd(2, program, {
      args: [String(large), "send-send"],
      timeoutMs: 20_000,
    });
    return {
      backend: "workers",
      mode: "send-send",
      bytes: large,
      outcome: run.ranks.every((r) => r.result === true)
        ? "finished"
        : "failed",
      ms: performance.now() - started,
    };
  })();
  if (mpiTimeoutMs <= 1 || !await mpiexecAvailable()) return [await onWorkers];
  const plan: [number, ExchangeMode][] = [
    [small, "send-send"],
    [large, "send-send"],
    [large, "ordered"],
    [large, "overlap"],
  ];
  const watches = plan.map(() => new ExchangeWatch());
  const jobs = plan.map(async ([bytes, mode], i): Promise<ExchangeRow> => {
    const watch = watches[i];
    // Started a little apart: mpiexecs launched in the same instant
    // sometimes fail before any rank runs (seen in the kernel); such a
    // launch failure says nothing about the exchange, so it is retried.
    await delay(150 * i);
    let job: MpiJobResult;
    for (let attempt = 1;; attempt++) {
      job = await runMpiJob(
        [{
          ranks: 2,
          command: denoRankCommand(program, [String(bytes), mode]),
        }],
        {
          timeoutMs: mpiTimeoutMs,
          onStdout: (stdout) => watch.see(stdout),
          signal: watch.stop.signal,
        },
      );
      const launchFailed = !job.success && !job.timedOut && !job.stopped &&
        startedCount(job.stdout) === 0;
      if (!launchFailed || attempt === 3) break;
    }
    watch.end();
    const waitedMs = watch.waitedMs();
    return {
      backend: "mpi",
      mode,
      bytes,
      outcome: classifyExchange(
        job.stdout,
        { ...job, waitedMs },
        watch.boundMs ?? DEADLOCK_FACTOR * deadlockAfterMs,
      ),
      ms: job.elapsedMs,
      ...(waitedMs === undefined ? {} : { waitedMs }),
    };
  });
  const judging = judgeDeadlock(watches, deadlockAfterMs, jobs);
  const rows = await Promise.all([onWorkers, ...jobs]);
  await judging;
  return rows;
}

/** What one MPI job's output showed, and when (performance.now()). */
class ExchangeWatch {
  bothStartedAt?: number;
  bothReceivedAt?: number;
  endedAt?: number;
  /** The bound this job was stopped at, when it was stopped as deadlocked. */
  boundMs?: number;
  readonly stop = new AbortController();

  see(stdout: string): void {
    const now = performance.now();
    if (this.bothStartedAt === undefined && startedCount(stdout) === 2) {
      this.bothStartedAt = now;
    }
    if (this.bothReceivedAt === undefined && receivedCount(stdout) === 2) {
      this.bothReceivedAt = now;
    }
  }

  end(): void {
    this.endedAt = performance.now();
  }

  /** From both announcements to both receipts, when the exchange ended. */
  exchangeMs(): number | undefined {
    return this.bothStartedAt === undefined ||
        this.bothReceivedAt === undefined
      ? undefined
      : this.bothReceivedAt - this.bothStartedAt;
  }

  waitedMs(): number | undefined {
    return this.bothStartedAt === undefined || this.endedAt === undefined
      ? undefined
      : this.endedAt - this.bothStartedAt;
  }
}

/**
 * Stops the large send-send job (index 1) once it is deadlocked beyond
 * doubt: every other job has ended, and both its ranks have sat in the
 * exchange for the bound (see {@linkcode DEADLOCK_FACTOR}). Without any
 * finished exchange to compare with, it is left to its hard bound.
 */
async function judgeDeadlock(
  watches: readonly ExchangeWatch[],
  minimumMs: number,
  jobs: readonly Promise<unknown>[],
): Promise<void> {
  const suspect = watches[1];
  const others = watches.filter((w) => w !== suspect);
  await Promise.allSettled(jobs.filter((_, i) => i !== 1));
  const controls = others.map((w) => w.exchangeMs()).filter((ms) =>
    ms !== undefined
  );
  if (controls.length === 0) return;
  const boundMs = Math.max(minimumMs, DEADLOCK_FACTOR * Math.max(...controls));
  while (suspect.endedAt === undefined) {
    const stuck = suspect.bothStartedAt === undefined
      ? 0
      : performance.now() - suspect.bothStartedAt;
    if (stuck >= boundMs) {
      suspect.boundMs = boundMs;
      suspect.stop.abort();
      return;
    }
    await delay(Math.min(100, Math.max(10, boundMs - stuck)));
  }
}
