/**
 * `deno task echo-client`: the class's "waku waku" client (Clase 03 §3).
 *
 * Sends one length-prefixed message, prints the echo, hangs up. Works against
 * the kit's echo server and against the class's Python server. The whole
 * exchange, connect included, is bounded by `--timeout`.
 *
 * @module
 */

import { ECHO_DEFAULT_PORT, requestEcho } from "../net/echo.ts";
import { portArg, positiveIntArg, runProgram } from "./cli.ts";

const HELP = `Cliente eco con prefijo de largo (el "waku waku" de la Clase 03).

Uso: deno task echo-client [--port P] [--host H] [--message M] [--timeout MS]

  --port P      puerto del servidor (por defecto ${ECHO_DEFAULT_PORT})
  --host H      dirección del servidor (por defecto 127.0.0.1)
  --message M   texto a enviar (por defecto "waku waku")
  --timeout MS  espera como máximo MS milisegundos, conexión incluida
                (por defecto 5000)
  --help        muestra esta ayuda`;

if (import.meta.main) {
  await runProgram(HELP, {
    string: ["port", "host", "message", "timeout"],
    default: {
      port: String(ECHO_DEFAULT_PORT),
      host: "127.0.0.1",
      message: "waku waku",
      timeout: "5000",
    },
  }, async (args) => {
    const reply = await requestEcho({
      hostname: String(args.host),
      port: portArg(args.port),
      message: String(args.message),
      timeoutMs: positiveIntArg(args.timeout, "--timeout"),
    });
    console.log(`[RESPUESTA] ${reply}`);
  });
}
