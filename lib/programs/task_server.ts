/**
 * `deno task task-server`: the workshop's task server (Taller §1.1).
 *
 * Hands each connecting client a task and prints its result with the client's
 * address. Unframed by default, so the workshop's Python client works with it;
 * `--framed` switches to the 4-byte length prefix (use it with the kit's
 * client in `--framed` mode). Its log never makes a client wait, and what a
 * client answers is shown escaped or summarised.
 *
 * @module
 */

import { serveTasks, TASK_DEFAULT_PORT } from "../net/task.ts";
import { waitForStopSignal } from "../net/signals.ts";
import { describeError, portArg, positiveIntArg, runProgram } from "./cli.ts";
import { describeMessage, LineSink } from "./log.ts";

const HELP = `Servidor de tareas del taller (sockets).

Uso: deno task task-server [--port P] [--tasks "2 + 2,3*4"] [--framed] [--clients N]
                           [--max-results N]

  --port P     puerto TCP (por defecto ${TASK_DEFAULT_PORT}; 0 = uno libre)
  --host H     dirección donde escuchar (por defecto 127.0.0.1)
  --tasks T    tareas separadas por comas, repartidas en orden (por defecto "2 + 2")
  --framed     usa prefijo de largo de 4 bytes (el protocolo del taller no lo usa)
  --clients N  se detiene después de recibir N resultados (por defecto: nunca)
  --max-results N  resultados que guarda en memoria (por defecto 1000; los totales cuentan todos)
  --help       muestra esta ayuda

Los resultados se muestran con los caracteres de control escapados.
Detén el servidor con Ctrl-C.`;

if (import.meta.main) {
  await runProgram(HELP, {
    string: ["port", "host", "tasks", "clients", "max-results"],
    boolean: ["framed"],
    default: {
      port: String(TASK_DEFAULT_PORT),
      host: "127.0.0.1",
      tasks: "2 + 2",
    },
  }, async (args) => {
    const port = portArg(args.port, { allowZero: true });
    const tasks = String(args.tasks).split(",").map((t: string) => t.trim())
      .filter(Boolean);
    const wanted = args.clients === undefined
      ? Infinity
      : positiveIntArg(args.clients, "--clients");
    const keepResults = args["max-results"] === undefined
      ? undefined
      : positiveIntArg(args["max-results"], "--max-results");
    const log = new LineSink(Deno.stdout);
    const enough = new AbortController();
    let received = 0;
    const server = await serveTasks({
      endpoint: { hostname: String(args.host), port },
      tasks,
      framed: Boolean(args.framed),
      keepResults,
      onEvent(event) {
        if (event.kind === "connected") {
          log.write(`[NUEVA CONEXIÓN] ${event.remote} conectado.`);
        } else if (event.kind === "result") {
          // The class prints the result bare; only text needing care is quoted.
          const shown = describeMessage(event.result);
          const plain = shown === `"${event.result}"` ? event.result : shown;
          log.write(`[RESULTADO] ${event.remote}: ${plain}`);
          if (++received >= wanted) enough.abort();
        } else {
          log.write(
            `[ERROR] con ${event.remote}: ${describeError(event.error)}`,
          );
        }
      },
    });
    log.write(
      `[ESCUCHANDO] Servidor en ${server.address} (${
        args.framed ? "con" : "sin"
      } prefijo de largo)`,
    );
    const why = await waitForStopSignal(enough.signal);
    await server.stop();
    const dropped = log.dropped > 0
      ? `, ${log.dropped} líneas de registro descartadas`
      : "";
    log.write(
      `[DETENIDO] ${
        why === "abort" ? "resultados completos" : why
      }: ${server.resultTotals().stored} resultados${dropped}`,
    );
    // Nobody may be reading stdout: wait a little for the log, then go.
    await log.flush(1000);
    Deno.exit(0);
  });
}
