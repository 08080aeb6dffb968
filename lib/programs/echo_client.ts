/**
 * `deno task echo-client`: the class's "waku waku" client (Clase 03 §3).
 *
 * Sends one length-prefixed message, prints the echo, hangs up. Works against
 * the kit's echo server and against the class's Python server.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { ECHO_DEFAULT_PORT, requestEcho } from "../net/echo.ts";

const HELP = `Cliente eco con prefijo de largo (el "waku waku" de la Clase 03).

Uso: deno task echo-client [--port P] [--host H] [--message M]

  --port P     puerto del servidor (por defecto ${ECHO_DEFAULT_PORT})
  --host H     dirección del servidor (por defecto 127.0.0.1)
  --message M  texto a enviar (por defecto "waku waku")
  --help       muestra esta ayuda`;

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: ["port", "host", "message"],
    boolean: ["help"],
    default: {
      port: String(ECHO_DEFAULT_PORT),
      host: "127.0.0.1",
      message: "waku waku",
    },
  });
  if (args.help) {
    console.log(HELP);
    Deno.exit(0);
  }
  try {
    const reply = await requestEcho({
      hostname: args.host,
      port: Number(args.port),
      message: args.message,
    });
    console.log(`[RESPUESTA] ${reply}`);
  } catch (error) {
    console.error(`[ERROR] ${(error as Error).message}`);
    Deno.exit(1);
  }
}
