/**
 * `deno task reverse-server`: the IPC chapter's reverse-string server, over a
 * Unix domain socket (the chapter's exercise 1).
 *
 * @module
 */

import { serveReverse } from "../net/reverse.ts";
import { waitForStopSignal } from "../net/signals.ts";
import { ProgramError, runProgram } from "./cli.ts";
import { describeMessage, LineSink } from "./log.ts";

const HELP = `Servidor que invierte textos, sobre un socket Unix.

Uso: deno task reverse-server [--path S]

  --path S   archivo del socket (por defecto, uno en un directorio temporal privado)
  --help     muestra esta ayuda

Cada mensaje lleva prefijo de largo de 4 bytes; se muestra entre comillas,
con los caracteres de control escapados. Detén el servidor con Ctrl-C;
al detenerse borra el archivo del socket.`;

/** A taken `--path` is the learner's to fix: one Spanish line, not a trace. */
function takenPath(error: unknown, path: string | undefined): unknown {
  if (error instanceof Deno.errors.AddrInUse) {
    return new ProgramError(
      `ya hay un servidor escuchando en ${path}; detenlo o usa otro --path`,
    );
  }
  if (error instanceof TypeError && path !== undefined) {
    return new ProgramError(
      `${path} ya existe y no es un socket; no lo borro: usa otro --path`,
    );
  }
  return error;
}

if (import.meta.main) {
  await runProgram(HELP, { string: ["path"] }, async (args) => {
    const log = new LineSink(Deno.stdout);
    const server = await serveReverse({
      endpoint: { transport: "unix", path: args.path },
      onMessage: (text) => log.write(`[RECIBIDO] ${describeMessage(text)}`),
    }).catch((error) => {
      throw takenPath(error, args.path);
    });
    log.write(`[ESCUCHANDO] Servidor en ${server.path}`);
    const signal = await waitForStopSignal();
    await server.stop();
    const dropped = log.dropped > 0
      ? ` (${log.dropped} líneas de registro descartadas)`
      : "";
    log.write(
      `[DETENIDO] (${signal}) socket ${server.path} eliminado${dropped}`,
    );
    // Nobody may be reading stdout: wait a little for the log, then go.
    await log.flush(1000);
    Deno.exit(0);
  });
}
