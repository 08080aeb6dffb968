/**
 * Runs and traces the notebooks' scenarios, bounded and on loopback: the
 * worker pool's redelivery (04), the lossy link with and without
 * retransmission (06), an echo server with several clients over TCP and an
 * SPMD bcast + reduce (07). Each returns a trace to draw with `showTrace`
 * and to ask about with `happensBeforeQuiz`.
 *
 * @module
 */

import type { TaskPoolReport } from "../patterns/pool_report.ts";
import { spmdInline } from "../spmd/inline.ts";
import { connectTcp, listenTcp } from "../transports/tcp.ts";
import { deadline } from "../util/deadline.ts";
import type { QuizSpec } from "../notebook/quiz_judge.ts";
import { type ClockedTrace, clockTrace } from "./clocks.ts";
import { traceCommunicator } from "./communicator.ts";
import { traceDuplex } from "./duplex.ts";
import { type Trace, TraceRecorder } from "./events.ts";
import { happensBeforeQuiz } from "./quiz.ts";
import { showTrace } from "./render.ts";
import { poolProcessOrder, traceFromPoolReport } from "./pool.ts";

/**
 * Draws the queues of a pool run (04): tasks out of the parent's queue,
 * results back, a dead worker's cross and its task's redelivery.
 *
 * @example Outside the kernel it prints a note
 * ```ts
 * import { showPoolTrace } from "./scenarios.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = { results: [{ id: 1, name: "T1", worker: "hilo-0", attempt: 1, startMs: 1, endMs: 2, output: "" }],
 *   finishedWorkers: [], deaths: [], restarts: 0, elapsedMs: 3 };
 * assertEquals(await showPoolTrace(report, "Pool"), undefined);
 * ```
 */
export async function showPoolTrace(
  report: TaskPoolReport,
  title: string,
): Promise<void> {
  const trace = clockTrace(traceFromPoolReport(report));
  await showTrace(trace, {
    title,
    processOrder: poolProcessOrder(trace.processes),
  });
}

/**
 * A reading quiz on the diagram of {@linkcode showPoolTrace}: a pair of
 * events of the run, preferably concurrent ones.
 *
 * @example
 * ```ts
 * import { poolTraceQuiz } from "./scenarios.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const report = { results: [
 *   { id: 1, name: "T1", worker: "hilo-0", attempt: 1, startMs: 1, endMs: 5, output: "" },
 *   { id: 2, name: "T2", worker: "hilo-1", attempt: 1, startMs: 2, endMs: 4, output: "" },
 * ], finishedWorkers: [], deaths: [], restarts: 0, elapsedMs: 6 };
 * assertEquals(poolTraceQuiz(report, 7).options.filter((o) => o.correct).length, 1);
 * ```
 */
export function poolTraceQuiz(report: TaskPoolReport, seed: number): QuizSpec {
  return happensBeforeQuiz(clockTrace(traceFromPoolReport(report)), {
    id: "q-diagrama",
    chapter: "04",
    seed,
    prefer: "concurrent",
  });
}

/**
 * Several clients talk to one echo server over TCP on 127.0.0.1, every
 * connection traced at both ends in this process (07). Each client sends
 * `rounds` messages and waits for each echo.
 *
 * @example Two clients, two rounds: every message echoed
 * ```ts
 * import { traceEchoClients } from "./scenarios.ts";
 * import { clockTrace } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = clockTrace(await traceEchoClients(2, 2));
 * assertEquals(t.messages.filter((m) => m.receives.length === 1).length >= 8, true);
 * ```
 */
export async function traceEchoClients(
  clients: number,
  rounds: number,
): Promise<Trace> {
  if (!(Number.isInteger(clients) && clients >= 1 && clients <= 6)) {
    throw new RangeError(`Entre 1 y 6 clientes, no ${clients}`);
  }
  const recorder = new TraceRecorder();
  using listener = listenTcp();
  const serve = async () => {
    const sessions: Promise<void>[] = [];
    for (let k = 1; k <= clients; k++) {
      const conn = traceDuplex(await listener.accept(), recorder, {
        self: "servidor",
        peer: `cliente ${k}`,
      });
      sessions.push((async () => {
        await using c = conn;
        for (let m = await c.receive(); m !== null; m = await c.receive()) {
          await c.send(m);
        }
      })());
    }
    await Promise.all(sessions);
  };
  const server = serve();
  // Clients connect one after another so "cliente k" is the k-th accepted connection.
  const runs: Promise<void>[] = [];
  for (let k = 1; k <= clients; k++) {
    const conn = traceDuplex(
      await connectTcp({ port: listener.addr.port }),
      recorder,
      {
        self: `cliente ${k}`,
        peer: "servidor",
      },
    );
    // Wait for the server to accept it before the next one connects.
    await conn.send(new TextEncoder().encode(`hola ${k}`));
    runs.push((async () => {
      await using c = conn;
      await c.receive();
      for (let r = 2; r <= rounds; r++) {
        await c.send(new TextEncoder().encode(`msg ${r} de ${k}`));
        await c.receive();
      }
    })());
  }
  await deadline(
    Promise.all([...runs, server]),
    10_000,
    "a los clientes de eco trazados",
  );
  return recorder.trace();
}

/**
 * An SPMD broadcast then a reduction on `n` ranks in this thread (07):
 * rank 0 broadcasts a value, every rank adds its rank, rank 0 receives
 * the sum. Collectives are drawn as their meaning (see `communicator.ts`).
 *
 * @example
 * ```ts
 * import { traceBcastReduce } from "./scenarios.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { trace, total } = await traceBcastReduce(3);
 * assertEquals(total, 3 * 10 + 0 + 1 + 2);
 * assertEquals(trace.events.filter((e) => e.kind === "send").length, 4);
 * ```
 */
export async function traceBcastReduce(
  n: number,
): Promise<{ trace: ClockedTrace; total: number }> {
  const recorder = new TraceRecorder();
  const results = await spmdInline(n, async (raw) => {
    const comm = traceCommunicator(raw, recorder);
    const x = await comm.bcast(comm.rank === 0 ? 10 : undefined);
    return await comm.reduce(x + comm.rank, "sum");
  });
  return { trace: clockTrace(recorder.trace()), total: results[0] as number };
}
