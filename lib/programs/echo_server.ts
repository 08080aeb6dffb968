/**
 * `deno task echo-server`: the class's "waku waku" echo server (Clase 03 §3).
 *
 * Length-prefixed messages (4-byte big-endian length + UTF-8), so the class's
 * Python client talks to it unchanged. Unlike the class's server (two clients,
 * one after the other) it serves any number of clients at once, until Ctrl-C.
 * Its log never makes a client wait: lines go through a {@linkcode LineSink}
 * and what clients send is shown escaped or summarised.
 *
 * @module
 */

import { ECHO_DEFAULT_PORT, serveEcho } from "../net/echo.ts";
import { waitForStopSignal } from "../net/signals.ts";
import { portArg, positiveIntArg, runProgram } from "./cli.ts";
import { describeMessage, LineSink } from "./log.ts";

const HELP = `Servidor eco con prefijo de largo (el "waku waku" de la Clase 03).

Uso: deno task echo-server [--port P] [--host H] [--max-connections N]

  --port P             puerto TCP (por defecto ${ECHO_DEFAULT_PORT}; 0 = uno libre)
  --host H             dirección donde escuchar (por defecto 127.0.0.1)
  --max-connections N  conexiones abiertas a la vez como máximo (por defecto 128)
  --help               muestra esta ayuda

Los mensajes se muestran entre comillas, con los caracteres de control
escapados; los binarios o largos, como su largo y sus primeros bytes en hex.
Si nadie lee la salida, se descartan líneas (nunca se detiene el servicio).
Detén el servidor con Ctrl-C.`;

if (import.meta.main) {
  await runProgram(HELP, {
    string: ["port", "host", "max-connections"],
    default: { port: String(ECHO_DEFAULT_PORT), host: "127.0.0.1" },
  }, async (args) => {
    const port = portArg(args.port, { allowZero: true });
    const maxConnections = args["max-connections"] === undefined
      ? undefined
      : positiveIntArg(args["max-connections"], "--max-connections");
    const log = new LineSink(Deno.stdout);
    const server = await serveEcho({
      endpoint: { hostname: String(args.host), port },
      maxConnections,
      onMessage: (message, remote) =>
        log.write(`[MENSAJE] ${remote}: ${describeMessage(message)}`),
    });
    log.write(`[ESCUCHANDO] Servidor eco en ${server.address}`);
    const signal = await waitForStopSignal();
    await server.stop();
    const stats = server.stats();
    const dropped = log.dropped > 0
      ? `, ${log.dropped} líneas de registro descartadas`
      : "";
    log.write(
      `[DETENIDO] (${signal}) ${stats.accepted} conexiones atendidas, ${stats.failed} con error${dropped}`,
    );
    // Nobody may be reading stdout: wait a little for the log, then go.
    await log.flush(1000);
    Deno.exit(0);
  });
}
