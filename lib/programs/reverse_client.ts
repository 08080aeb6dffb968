/**
 * `deno task reverse-client`: sends strings to the reverse server over a Unix
 * socket and prints each one reversed. With `--message` it sends those; else
 * it asks for strings (like the chapter's client) until "end" or end of input.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { connectUnix } from "../transports/unix.ts";
import { textCodec } from "../wire/codec.ts";

const HELP = `Cliente del servidor que invierte textos (socket Unix).

Uso: deno task reverse-client --path S [--message M ...]

  --path S      archivo del socket del servidor (obligatorio)
  --message M   texto a invertir; se puede repetir. Sin --message, pregunta
                textos hasta "end" (o fin de la entrada)
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
  const args = parseArgs(Deno.args, {
    string: ["path"],
    collect: ["message"],
    boolean: ["help"],
  });
  if (args.help || !args.path) {
    console.log(HELP);
    Deno.exit(args.help ? 0 : 2);
  }
  const messages = ((args.message ?? []) as unknown[]).map(String);
  try {
    await using duplex = await connectUnix({ path: args.path });
    const source = messages.length > 0 ? messages : askLines();
    for await (const text of source) {
      await duplex.send(textCodec.encode(text));
      const reply = await duplex.receive();
      if (reply === null) throw new Error("El servidor cerró la conexión");
      console.log(`[INVERTIDO] ${textCodec.decode(reply)}`);
    }
  } catch (error) {
    console.error(`[ERROR] ${(error as Error).message}`);
    Deno.exit(1);
  }
}
