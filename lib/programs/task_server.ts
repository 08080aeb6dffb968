/**
 * `deno task task-server`: the workshop's task server (Taller §1.1).
 *
 * Hands each connecting client a task and prints its result with the client's
 * address. Unframed by default, so the workshop's Python client works with it;
 * `--framed` switches to the 4-byte length prefix (use it with the kit's
 * client in `--framed` mode).
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { serveTasks, TASK_DEFAULT_PORT } from "../net/task.ts";
import { waitForStopSignal } from "../net/signals.ts";

const HELP = `Servidor de tareas del taller (sockets).

Uso: deno task task-server [--port P] [--tasks "2 + 2,3*4"] [--framed] [--clients N]

  --port P     puerto TCP (por defecto ${TASK_DEFAULT_PORT}; 0 = uno libre)
  --host H     dirección donde escuchar (por defecto 127.0.0.1)
  --tasks T    tareas separadas por comas, repartidas en orden (por defecto "2 + 2")
  --framed     usa prefijo de largo de 4 bytes (el protocolo del taller no lo usa)
  --clients N  se detiene después de recibir N resultados (por defecto: nunca)
  --help       muestra esta ayuda

Detén el servidor con Ctrl-C.`;

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: ["port", "host", "tasks", "clients"],
    boolean: ["help", "framed"],
    default: {
      port: String(TASK_DEFAULT_PORT),
      host: "127.0.0.1",
      tasks: "2 + 2",
    },
  });
  if (args.help) {
    console.log(HELP);
    Deno.exit(0);
  }
  const tasks = String(args.tasks).split(",").map((t: string) => t.trim())
    .filter(Boolean);
  const wanted = args.clients === undefined ? Infinity : Number(args.clients);
  const enough = new AbortController();
  let received = 0;
  const server = await serveTasks({
    endpoint: { hostname: args.host, port: Number(args.port) },
    tasks,
    framed: args.framed,
    onEvent(event) {
      if (event.kind === "connected") {
        console.log(`[NUEVA CONEXIÓN] ${event.remote} conectado.`);
      } else if (event.kind === "result") {
        console.log(`[RESULTADO] ${event.remote}: ${event.result}`);
        if (++received >= wanted) enough.abort();
      } else {
        console.log(
          `[ERROR] con ${event.remote}: ${(event.error as Error).message}`,
        );
      }
    },
  });
  console.log(
    `[ESCUCHANDO] Servidor en ${server.address} (${
      args.framed ? "con" : "sin"
    } prefijo de largo)`,
  );
  const why = await waitForStopSignal(enough.signal);
  await server.stop();
  console.log(
    `[DETENIDO] ${
      why === "abort" ? "resultados completos" : why
    }: ${server.results.size} resultados`,
  );
}
