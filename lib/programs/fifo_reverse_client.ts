/**
 * `deno task fifo-reverse-client`: sends texts to the FIFO reverse server
 * and prints each one reversed. With `--message` it sends those (and, with
 * `--end`, then "end", which stops the server); without, it asks for texts
 * like the chapter's client until "end" (sent) or the end of input (not
 * sent). Opening the FIFOs and every reply are bounded by `--timeout`; only
 * the learner's typing is not.
 *
 * @module
 */

import { TextLineStream } from "@std/streams";
import { openFifoDuplex } from "../transports/fifo.ts";
import { deadline } from "../util/deadline.ts";
import { textCodec } from "../wire/codec.ts";
import { positiveIntArg, ProgramError, runProgram, UsageError } from "./cli.ts";

const HELP = `Cliente del servidor que invierte textos (dos FIFO).

Uso: deno task fifo-reverse-client --dir D [--message M ...] [--end] [--timeout MS]

  --dir D       carpeta que mostró el servidor en [ESCUCHANDO] (obligatorio)
  --message M   texto a invertir; se puede repetir. Sin --message, pregunta
                textos hasta "end" (que detiene al servidor) o fin de la entrada
  --end         tras los --message, envía "end" (detiene al servidor)
  --timeout MS  espera al servidor como máximo MS milisegundos, al abrir los
                FIFO y en cada respuesta (por defecto 5000)
  --help        muestra esta ayuda`;

async function* askLines(): AsyncGenerator<string> {
  const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream())
    .pipeThrough(new TextLineStream());
  await Deno.stdout.write(textCodec.encode("Ingrese un texto: "));
  for await (const line of lines as AsyncIterable<string>) {
    yield line;
    if (line === "end") return;
    await Deno.stdout.write(textCodec.encode("Ingrese un texto: "));
  }
}

/** The FIFO at `path`, or a Spanish error saying what is there instead. */
async function requireFifo(path: string): Promise<void> {
  const info = await Deno.lstat(path).catch(() => null);
  if (info === null) {
    throw new ProgramError(
      `no existe ${path}: ¿está corriendo el servidor? copia la carpeta de su línea [ESCUCHANDO]`,
    );
  }
  if (!info.isFifo) {
    throw new ProgramError(`${path} existe pero no es un FIFO`);
  }
}

if (import.meta.main) {
  await runProgram(HELP, {
    string: ["dir", "timeout"],
    boolean: ["end"],
    collect: ["message"],
    default: { timeout: "5000" },
  }, async (args) => {
    if (!args.dir) {
      throw new UsageError("falta --dir (la carpeta del servidor)");
    }
    const timeoutMs = positiveIntArg(args.timeout, "--timeout");
    const dir = String(args.dir).replace(/\/+$/, "");
    await requireFifo(`${dir}/requests`);
    await requireFifo(`${dir}/replies`);
    const messages = ((args.message ?? []) as unknown[]).map(String);
    if (messages.includes("end")) {
      throw new UsageError(
        '"end" no se invierte: usa --end para enviarlo al final',
      );
    }
    await using duplex = await openFifoDuplex(
      `${dir}/replies`,
      `${dir}/requests`,
      timeoutMs,
    );
    const source = messages.length > 0
      ? [...messages, ...(args.end ? ["end"] : [])]
      : askLines();
    for await (const text of source) {
      await deadline(
        duplex.send(textCodec.encode(text)),
        timeoutMs,
        "el envío",
      );
      if (text === "end") {
        console.log('[FIN] envié "end": el servidor se detiene');
        break;
      }
      const reply = await deadline(duplex.receive(), timeoutMs, "la respuesta");
      if (reply === null) throw new ProgramError("el servidor cerró los FIFO");
      console.log(`[INVERTIDO] ${textCodec.decode(reply)}`);
    }
  });
}
