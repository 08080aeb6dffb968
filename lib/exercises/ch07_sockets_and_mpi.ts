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
 * 2. Reduce partial sums by hand with `send`/`recv` (the SPMD section),
 *    in ch07_spmd_partial_sum.ts and re-exported here.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { defineExercise, type ExerciseSpec } from "../notebook/exercise.ts";
import { reverseText } from "../net/reverse.ts";
import {
  connectTcp,
  type FramedTcpListener,
  listenTcp,
} from "../transports/tcp.ts";
import { deadline, WaitTimeoutError } from "../util/deadline.ts";
import { textCodec } from "../wire/codec.ts";
import { DuplexClosedError } from "../wire/errors.ts";
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
    return await deadline(promise, ms, "el escenario");
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
  afterClose?: (ending: Promise<string>) => Promise<unknown>,
): Promise<unknown> {
  const listener = listenTcp({ maxFrameBytes: 1024 });
  const opened: Closable[] = [];
  const track: Track = (closable) => {
    opened.push(closable);
    return closable;
  };
  let closed = false;
  let acceptsAfterClose = 0;
  const watched: FramedTcpListener = {
    addr: listener.addr,
    accept: async () => {
      if (closed) {
        // A loop that swallows this error would spin on microtasks and
        // freeze the kernel: each refusal waits a timer tick, and after a
        // few the loop is parked on a promise that never settles.
        if (++acceptsAfterClose > 20) return await new Promise(() => {});
        await delay(1);
        throw new DuplexClosedError("accept");
      }
      return track(await listener.accept());
    },
    close: () => listener.close(),
    [Symbol.dispose]: () => listener.close(),
  };
  const unhandled: unknown[] = [];
  const onUnhandled = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    unhandled.push(event.reason);
  };
  globalThis.addEventListener("unhandledrejection", onUnhandled);
  const serving = Promise.resolve().then(() =>
    serveAll(watched, reverseHandler)
  );
  const ending = serving.then(
    () => "terminó sin error",
    (error) => `terminó con ${(error as Error)?.name ?? "un error"}`,
  );
  const running = scenario(listener.addr.port, track);
  running.catch(() => {});
  try {
    const result = await orAfter(running, budgetMs, BLOCKED);
    await delay(20); // unhandled rejections are reported after a turn
    if (unhandled.length > 0) {
      return `${
        result === BLOCKED ? BLOCKED + "; además, " : ""
      }${unhandled.length} promesa(s) rechazada(s) sin capturar: ${
        (unhandled[0] as Error)?.name ?? String(unhandled[0])
      } (¿llamaste a handle sin .catch?)`;
    }
    if (afterClose) {
      closed = true;
      listener.close();
      return await afterClose(ending);
    }
    return result;
  } finally {
    closed = true;
    globalThis.removeEventListener("unhandledrejection", onUnhandled);
    listener.close();
    for (const closable of opened) {
      try {
        await closable.close();
      } catch {
        // Already closed.
      }
    }
    await orAfter(running.catch(() => {}), 500, undefined);
    await orAfter(ending, 500, undefined);
  }
}

/**
 * The exercise's checks.
 *
 * (The class's sequential loop fails the silent-client check after its
 * 1.5 s budget; tests/exercises/ch07_sockets_and_mpi_test.ts runs it.)
 *
 * @example A loop that never stops accepting fails only the closing check
 * ```ts
 * import { multiClientExercise, type ServeAll } from "./ch07_sockets_and_mpi.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const neverEnds: ServeAll = async (listener, handle) => {
 *   while (true) handle(await listener.accept()).catch(() => {});
 * };
 * const report = await checkExercise(multiClientExercise, neverEnds, { display: false });
 * assertEquals(report.outcomes.map((o) => o.status), ["passed", "passed", "failed", "passed"]);
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
      name: "al cerrarse el listener, serveAll termina sin error",
      run: (f) =>
        withServer(
          f,
          (port, track) => ask(port, "fin", track),
          1500,
          (ending) =>
            orAfter(
              ending,
              1000,
              "no terminó: ¿sigue aceptando tras el DuplexClosedError?",
            ),
        ),
      expected: "terminó sin error",
      timeoutMs: 4000,
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
  hints: [
    "El `await handle(connection)` es lo que bloquea: mientras espera al " +
    "cliente callado, nadie vuelve a llamar a `accept`. Lanza `handle` " +
    "**sin** `await` y sigue aceptando.",
    "Una promesa que nadie espera debe tener su `.catch(...)`: " +
    "`handle(connection).catch(() => {})`. Si no, su rechazo queda sin " +
    "capturar y en `deno run` termina el proceso.",
    "Envuelve solo el `accept()` en `try`/`catch`: si el error es " +
    "`DuplexClosedError`, `return`; si es otro, vuelve a lanzarlo.",
  ],
  worked: [
    "Aceptar y atender son dos cosas: el ciclo solo acepta, y cada conexión",
    "se atiende en su propia promesa, con su propio `.catch`.",
    "",
    "```ts",
    "const serveAll: ServeAll = async (listener, handle) => {",
    "  while (true) {",
    "    let connection;",
    "    try {",
    "      connection = await listener.accept();",
    "    } catch (error) {",
    "      if (error instanceof DuplexClosedError) return; // listener cerrado",
    "      throw error;",
    "    }",
    "    handle(connection).catch(() => {}); // su error es solo suyo",
    "  }",
    "};",
    "```",
  ].join("\n"),
});

export {
  type PartialSumProgram,
  spmdPartialSumExercise,
} from "./ch07_spmd_partial_sum.ts";
