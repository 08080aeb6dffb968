/**
 * `deno task fifo-reverse-server`: the IPC chapter's named-pipe reverse
 * server, with two FIFOs (one per direction) in a private temp dir and
 * length-prefix framing: no `sleep`, no fixed path in /tmp. `"end"` stops
 * it, as in the chapter; so do Ctrl-C and SIGTERM. It removes only the
 * directory and FIFOs it created.
 *
 * @module
 */

import { serveFifoReverse } from "../transports/fifo_reverse.ts";
import { waitForStopSignal } from "../net/signals.ts";
import { positiveIntArg, runProgram } from "./cli.ts";
import { describeMessage, LineSink } from "./log.ts";

const HELP =
  `Servidor que invierte textos, sobre dos tuberías con nombre (FIFO).

Uso: deno task fifo-reverse-server [--idle MS]

  --idle MS  corta a un cliente que lleva MS milisegundos sin escribir
             (por defecto 60000)
  --help     muestra esta ayuda

Crea una carpeta temporal privada con dos FIFO: "requests" (el cliente
escribe, el servidor lee) y "replies" (al revés). Atiende a un cliente a la
vez: un FIFO no tiene conexiones, y dos clientes a la vez se llevarían las
respuestas del otro. Cada mensaje lleva un prefijo de largo de 4 bytes.
Se detiene al recibir "end", con Ctrl-C o con SIGTERM, y entonces borra la
carpeta y los FIFO que creó (nada más).`;

if (import.meta.main) {
  await runProgram(HELP, {
    string: ["idle"],
    default: { idle: "60000" },
  }, async (args) => {
    const idleMs = positiveIntArg(args.idle, "--idle");
    const log = new LineSink(Deno.stdout);
    const abort = new AbortController();
    const server = await serveFifoReverse({
      idleMs,
      onClient: () => log.write("[CLIENTE] abrió los dos FIFO"),
      onMessage: (text) => log.write(`[RECIBIDO] ${describeMessage(text)}`),
      onClientGone: (why) =>
        log.write(
          why === "eof"
            ? "[CLIENTE] cerró su extremo; espero al siguiente"
            : why === "idle"
            ? `[CLIENTE] ${idleMs} ms sin escribir: lo corto`
            : "[CLIENTE] envió un mensaje mal delimitado: lo corto",
        ),
    });
    log.write(`[ESCUCHANDO] FIFO en ${server.dir}`);
    const why = await Promise.race([
      waitForStopSignal(abort.signal),
      server.done.then(() => "end" as const),
    ]);
    abort.abort();
    const { served } = await server.stop();
    log.write(
      `[DETENIDO] (${why === "end" ? 'recibí "end"' : why}) ${served} ${
        served === 1 ? "respuesta" : "respuestas"
      }; carpeta ${server.dir} eliminada`,
    );
    await log.flush(1000);
    Deno.exit(0);
  });
}
