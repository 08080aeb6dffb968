/**
 * `deno task task-client`: the workshop's task client (Taller §1.1).
 *
 * Receives a task, computes it with the kit's safe arithmetic parser (the
 * workshop's client uses `eval`, which would run any code the server sends),
 * answers and closes.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { runTaskClient, TASK_DEFAULT_PORT } from "../net/task.ts";

const HELP = `Cliente de tareas del taller (sockets).

Uso: deno task task-client [--port P] [--host H] [--framed]

  --port P   puerto del servidor (por defecto ${TASK_DEFAULT_PORT})
  --host H   dirección del servidor (por defecto 127.0.0.1)
  --framed   usa prefijo de largo de 4 bytes (el servidor también debe usarlo)
  --help     muestra esta ayuda`;

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: ["port", "host"],
    boolean: ["help", "framed"],
    default: { port: String(TASK_DEFAULT_PORT), host: "127.0.0.1" },
  });
  if (args.help) {
    console.log(HELP);
    Deno.exit(0);
  }
  try {
    const { task, result } = await runTaskClient({
      hostname: args.host,
      port: Number(args.port),
      framed: args.framed,
    });
    console.log(`[TAREA RECIBIDA] ${task}`);
    console.log(`[RESULTADO ENVIADO] ${result}`);
  } catch (error) {
    console.error(`[ERROR] ${(error as Error).message}`);
    Deno.exit(1);
  }
}
