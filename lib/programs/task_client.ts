/**
 * `deno task task-client`: the workshop's task client (Taller §1.1).
 *
 * Receives a task, computes it with the kit's safe arithmetic parser (the
 * workshop's client uses `eval`, which would run any code the server sends),
 * answers and closes. The whole exchange, connect included, is bounded by
 * `--timeout`.
 *
 * @module
 */

import { runTaskClient, TASK_DEFAULT_PORT } from "../net/task.ts";
import { portArg, positiveIntArg, runProgram } from "./cli.ts";

const HELP = `Cliente de tareas del taller (sockets).

Uso: deno task task-client [--port P] [--host H] [--framed] [--timeout MS]

  --port P      puerto del servidor (por defecto ${TASK_DEFAULT_PORT})
  --host H      dirección del servidor (por defecto 127.0.0.1)
  --framed      usa prefijo de largo de 4 bytes (el servidor también debe usarlo)
  --timeout MS  espera como máximo MS milisegundos, conexión incluida
                (por defecto 5000)
  --help        muestra esta ayuda`;

if (import.meta.main) {
  await runProgram(HELP, {
    string: ["port", "host", "timeout"],
    boolean: ["framed"],
    default: {
      port: String(TASK_DEFAULT_PORT),
      host: "127.0.0.1",
      timeout: "5000",
    },
  }, async (args) => {
    const { task, result } = await runTaskClient({
      hostname: String(args.host),
      port: portArg(args.port),
      framed: Boolean(args.framed),
      timeoutMs: positiveIntArg(args.timeout, "--timeout"),
    });
    console.log(`[TAREA RECIBIDA] ${task}`);
    console.log(`[RESULTADO ENVIADO] ${result}`);
  });
}
