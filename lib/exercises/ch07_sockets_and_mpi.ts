/**
 * Notebook 07's checked exercises.
 *
 * 1. An accept loop that never blocks on a slow client. The class's echo
 *    server handles one connection at a time: while it waits for a silent
 *    client, nobody else is served (the class fixes it with a thread per
 *    client). On one event loop the fix is to *not await* a connection's
 *    handler before accepting the next one — and to keep one failing
 *    connection from ending the loop. The reader writes
 *    `serveAll(listener, handle)`; the checks run it on a real TCP listener
 *    with a silent client, a client that sends garbage, and normal clients.
 * 2. Reduce partial sums by hand with `send`/`recv` (the SPMD section).
 *
 * @module
 */

import { delay } from "@std/async/delay";
import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import { reverseText } from "../net/reverse.ts";
import type { Communicator } from "../spmd/communicator.ts";
import { spmdInline } from "../spmd/inline.ts";
import {
  connectTcp,
  type FramedTcpListener,
  listenTcp,
} from "../transports/tcp.ts";
import { deadline, WaitTimeoutError } from "../util/deadline.ts";
import { textCodec } from "../wire/codec.ts";
import type { FramedDuplex } from "../wire/framed.ts";

/** Exercise 1, what the reader writes: accept every connection and serve it with `handle`. */
export type ServeAll = (
  listener: FramedTcpListener,
  handle: (connection: FramedDuplex) => Promise<void>,
) => Promise<void>;

/** The per-connection handler the checks give: reverse each text until the client closes. */
async function reverseHandler(connection: FramedDuplex): Promise<void> {
  try {
    while (true) {
      const message = await connection.receive();
      if (message === null) return;
      await connection.send(
        textCodec.encode(reverseText(textCodec.decode(message))),
      );
    }
  } finally {
    await connection.close();
  }
}

type Closable = { close(): unknown };
type Track = <C extends Closable>(closable: C) => C;

async function ask(port: number, text: string, track: Track): Promise<string> {
  const client = track(await connectTcp({ port }));
  try {
    await client.send(textCodec.encode(text));
    const reply = await client.receive();
    return reply === null ? "(cerró sin responder)" : textCodec.decode(reply);
  } finally {
    await client.close();
  }
}

/** Waits up to `ms` for `promise`; on timeout answers `fallback` instead. */
async function orAfter<T>(
  promise: Promise<T>,
  ms: number,
  fallback: T,
): Promise<T> {
  try {
    return await deadline(promise, ms, "the scenario");
  } catch (error) {
    if (error instanceof WaitTimeoutError) return fallback;
    throw error;
  }
}

const BLOCKED = "(se excedió el tiempo: ¿el servidor quedó bloqueado?)";

/**
 * Runs `serveAll` on a fresh listener and `scenario` against it, within
 * `budgetMs`; then closes the listener and every connection on both sides,
 * so even a blocked solution leaves nothing open.
 */
async function withServer(
  serveAll: ServeAll,
  scenario: (port: number, track: Track) => Promise<unknown>,
  budgetMs = 1500,
): Promise<unknown> {
  const listener = listenTcp({ maxFrameBytes: 1024 });
  const opened: Closable[] = [];
  const track: Track = (closable) => {
    opened.push(closable);
    return closable;
  };
  const watched: FramedTcpListener = {
    addr: listener.addr,
    accept: async () => track(await listener.accept()),
    close: () => listener.close(),
    [Symbol.dispose]: () => listener.close(),
  };
  const serving = Promise.resolve().then(() =>
    serveAll(watched, reverseHandler)
  );
  serving.catch(() => {});
  const running = scenario(listener.addr.port, track);
  running.catch(() => {});
  try {
    return await orAfter(running, budgetMs, BLOCKED);
  } finally {
    listener.close();
    for (const closable of opened) {
      try {
        await closable.close();
      } catch {
        // Already closed.
      }
    }
    await orAfter(running.catch(() => {}), 500, undefined);
    await orAfter(serving.catch(() => {}), 500, undefined);
  }
}

/**
 * The exercise's checks.
 *
 * @example The sequential loop of the class fails the slow-client check
 * ```ts
 * import { multiClientExercise, type ServeAll } from "./ch07_sockets_and_mpi.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assert } from "@std/assert";
 *
 * const sequential: ServeAll = async (listener, handle) => {
 *   while (true) await handle(await listener.accept());
 * };
 * const report = await checkExercise(multiClientExercise, sequential, { display: false });
 * assert(report.passed < report.total);
 * ```
 */
export const multiClientExercise: ExerciseSpec<ServeAll> = defineExercise<
  ServeAll
>({
  id: "multicliente",
  title: "Un servidor que no se bloquea con un cliente lento",
  checks: [
    {
      name: "un cliente recibe su texto invertido",
      run: (f) => withServer(f, (port, track) => ask(port, "sockets", track)),
      expected: "stekcos",
    },
    {
      name: "un cliente callado no bloquea a los demás",
      run: (f) =>
        withServer(f, async (port, track) => {
          track(await connectTcp({ port })); // connects and never speaks
          await delay(20);
          return await Promise.all(
            ["uno", "dos", "tres"].map((t) => ask(port, t, track)),
          );
        }),
      expected: ["onu", "sod", "sert"],
      timeoutMs: 3000,
    },
    {
      name: "un cliente que envía basura no tumba el servidor",
      run: (f) =>
        withServer(f, async (port, track) => {
          const garbage = track(
            await Deno.connect({ hostname: "127.0.0.1", port }),
          );
          await garbage.write(
            new Uint8Array([0xff, 0xff, 0xff, 0xff, 1, 2, 3]),
          );
          await delay(50);
          return await ask(port, "sigo vivo", track);
        }),
      expected: "oviv ogis",
      timeoutMs: 3000,
    },
  ],
});

/** Exercise 2, what the reader writes: a rank's program returning rank 0's total. */
export type PartialSumProgram = SolutionOf<typeof spmdPartialSumExercise>;

async function totalOnRoot(f: PartialSumProgram, n: number): Promise<unknown> {
  const results = await spmdInline(n, f, { timeoutMs: 1500 });
  return results[0];
}

/**
 * The exercise: each rank's partial sum is `(comm.rank + 1) * 10`; using only
 * `send`/`recv` (not `reduce`), rank 0 must return the total and the others
 * `null`. Checks run the reader's function as 1, 2, 4 and 6 inline ranks.
 *
 * @example A correct solution passes every check
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { spmdPartialSumExercise } from "./ch07_sockets_and_mpi.ts";
 *
 * const report = await checkExercise(spmdPartialSumExercise, async (comm) => {
 *   const mine = (comm.rank + 1) * 10;
 *   if (comm.rank !== 0) {
 *     await comm.send(mine, 0);
 *     return null;
 *   }
 *   let total = mine;
 *   for (let i = 1; i < comm.size; i++) total += (await comm.recv<number>()).data;
 *   return total;
 * }, { display: false });
 * assertEquals(report.passed, report.total);
 * ```
 */
export const spmdPartialSumExercise: ExerciseSpec<
  (
    comm: Communicator,
  ) => Promise<number | null>
> = defineExercise({
  id: "spmd-suma-parcial",
  title: "Reduce a mano: suma de parciales en el proceso 0",
  checks: [1, 2, 4, 6].map((n) => ({
    name: `con ${n} proceso${n === 1 ? "" : "s"}, el proceso 0 obtiene ${
      5 * n * (n + 1)
    }`,
    run: (f: PartialSumProgram) => totalOnRoot(f, n),
    expected: 5 * n * (n + 1),
    timeoutMs: 3000,
  })),
});
