/**
 * `deno task reverse-server`: the IPC chapter's reverse-string server, over a
 * Unix domain socket (the chapter's exercise 1).
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { serveReverse } from "../net/reverse.ts";
import { waitForStopSignal } from "../net/signals.ts";

const HELP = `Servidor que invierte textos, sobre un socket Unix.

Uso: deno task reverse-server [--path S]

  --path S   archivo del socket (por defecto, uno en un directorio temporal privado)
  --help     muestra esta ayuda

Cada mensaje lleva prefijo de largo de 4 bytes. Detén el servidor con Ctrl-C;
al detenerse borra el archivo del socket.`;

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: ["path"],
    boolean: ["help"],
  });
  if (args.help) {
    console.log(HELP);
    Deno.exit(0);
  }
  const server = await serveReverse({
    endpoint: { transport: "unix", path: args.path },
    onMessage: (text) => console.log(`[RECIBIDO] ${text}`),
  });
  console.log(`[ESCUCHANDO] Servidor en ${server.path}`);
  const signal = await waitForStopSignal();
  await server.stop();
  console.log(`[DETENIDO] (${signal}) socket ${server.path} eliminado`);
}
