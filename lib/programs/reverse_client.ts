/**
 * `deno task reverse-client`: sends strings to the reverse server over a Unix
 * socket and prints each one reversed. With `--message` it sends those; else
 * it asks for strings (like the chapter's client) until "end" or end of input.
 * Connecting and every reply are bounded by `--timeout`; only the learner's
 * typing is not.
 *
 * @module
 */

import { openClientConn } from "../net/client.ts";
import { deadline } from "../util/deadline.ts";
import { framedDuplex } from "../wire/framed.ts";
import { positiveIntArg, ProgramError, runProgram, UsageError } from "./cli.ts";
import { textCodec } from "../wire/codec.ts";

const HELP = `Cliente del servidor que invierte textos (socket Unix).

Uso: deno task reverse-client --path S [--message M ...] [--timeout MS]

  --path S      archivo del socket del servidor (obligatorio)
  --message M   texto a invertir; se puede repetir. Sin --message, pregunta
                textos hasta "end" (o fin de la entrada)
  --timeout MS  espera al servidor como máximo MS milisegundos, al conectar
                y en cada respuesta (por defecto 5000)
  --help        muestra esta ayuda`;

async function* askLines(): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  const reader = Deno.stdin.readable.getReader();
  try {
    while (true) {
      await Deno.stdout.write(textCodec.encode("Ingrese un texto: "));
      while (!pending.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) {
          if (pending) yield pending;
          return;
        }
        pending += decoder.decode(value, { stream: true });
      }
      const newline = pending.indexOf("\n");
      const line = pending.slice(0, newline).replace(/\r$/, "");
      pending = pending.slice(newline + 1);
      if (line === "end") return;
      yield line;
    }
  } finally {
    reader.releaseLock();
  }
}

if (import.meta.main) {
  await runProgram(HELP, {
    string: ["path", "timeout"],
    collect: ["message"],
    default: { timeout: "5000" },
  }, async (args) => {
    if (!args.path) {
      throw new UsageError("falta --path (el socket del servidor)");
    }
    const timeoutMs = positiveIntArg(args.timeout, "--timeout");
    const messages = ((args.message ?? []) as unknown[]).map(String);
    const conn = await deadline(
      openClientConn({ path: String(args.path) }),
      timeoutMs,
      "la conexión",
    );
    await using duplex = framedDuplex(conn);
    const source = messages.length > 0 ? messages : askLines();
    for await (const text of source) {
      // The learner may take their time typing; the server may not.
      await deadline(
        duplex.send(textCodec.encode(text)),
        timeoutMs,
        "el envío",
      );
      const reply = await deadline(duplex.receive(), timeoutMs, "la respuesta");
      if (reply === null) {
        throw new ProgramError("el servidor cerró la conexión");
      }
      console.log(`[INVERTIDO] ${textCodec.decode(reply)}`);
    }
  });
}
