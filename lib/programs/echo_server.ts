/**
 * `deno task echo-server`: the class's "waku waku" echo server (Clase 03 §3).
 *
 * Length-prefixed messages (4-byte big-endian length + UTF-8), so the class's
 * Python client talks to it unchanged. Unlike the class's server (two clients,
 * one after the other) it serves any number of clients at once, until Ctrl-C.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { ECHO_DEFAULT_PORT, serveEcho } from "../net/echo.ts";
import { waitForStopSignal } from "../net/signals.ts";

const HELP = `Servidor eco con prefijo de largo (el "waku waku" de la Clase 03).

Uso: deno task echo-server [--port P] [--host H] [--max-connections N]

  --port P             puerto TCP (por defecto ${ECHO_DEFAULT_PORT}; 0 = uno libre)
  --host H             dirección donde escuchar (por defecto 127.0.0.1)
  --max-connections N  conexiones abiertas a la vez como máximo (por defecto 128)
  --help               muestra esta ayuda

Detén el servidor con Ctrl-C.`;

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: ["port", "host", "max-connections"],
    boolean: ["help"],
    default: { port: String(ECHO_DEFAULT_PORT), host: "127.0.0.1" },
  });
  if (args.help) {
    console.log(HELP);
    Deno.exit(0);
  }
  const server = await serveEcho({
    endpoint: { hostname: args.host, port: Number(args.port) },
    maxConnections: args["max-connections"] === undefined
      ? undefined
      : Number(args["max-connections"]),
    onMessage: (message, remote) =>
      console.log(`[MENSAJE] ${remote}: ${String(message)}`),
  });
  console.log(`[ESCUCHANDO] Servidor eco en ${server.address}`);
  const signal = await waitForStopSignal();
  await server.stop();
  const stats = server.stats();
  console.log(
    `[DETENIDO] (${signal}) ${stats.accepted} conexiones atendidas, ${stats.failed} con error`,
  );
}
