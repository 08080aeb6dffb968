/**
 * `deno task spmd -n N <programa> [args...]`: runs an SPMD program file as N
 * ranks on Workers (the in-process backend), printing each rank's output as
 * it arrives. The same file runs under Open MPI with `deno task mpi`.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { SpmdRankError } from "../spmd/errors.ts";
import { spmdOnWorkers } from "../spmd/workers.ts";

const HELP = `Uso: deno task spmd -n N <programa.ts> [argumentos...]

Ejecuta el mismo programa como N procesos (rank 0..N-1) sobre Workers,
conectados por canales de mensajes, al estilo de MPI.

Opciones:
  -n, --procesos N     número de procesos (por defecto 2)
  --timeout MS         tiempo máximo de la ejecución (por defecto 60000)
  --prefijo            antepone "[rank r]" a cada línea
  -h, --help           muestra esta ayuda

Ejemplos:
  deno task spmd -n 2 lib/programs/waku_waku.ts
  deno task spmd -n 4 lib/programs/pi.ts 40000000
  (con Open MPI: deno task mpi -n 2 lib/programs/waku_waku.ts)`;

const flags = parseArgs(Deno.args, {
  string: ["n", "timeout"],
  boolean: ["help", "prefijo"],
  alias: { n: "procesos", h: "help" },
  stopEarly: true,
});

if (flags.help) {
  console.log(HELP);
  Deno.exit(0);
}
const [program, ...programArgs] = flags._.map(String);
const ranks = Number(flags.n ?? 2);
const timeoutMs = Number(flags.timeout ?? 60_000);
if (!program) {
  console.error("[ERROR] Falta el programa.\n\n" + HELP);
  Deno.exit(2);
}
if (!Number.isInteger(ranks) || ranks < 1 || ranks > 256) {
  console.error(`[ERROR] Número de procesos inválido: ${flags.n} (1..256)`);
  Deno.exit(2);
}

try {
  await spmdOnWorkers(ranks, program, {
    timeoutMs,
    args: programArgs,
    onLine: (line) => {
      const text = flags.prefijo
        ? `[rank ${line.rank}] ${line.text}`
        : line.text;
      if (line.stream === "stdout") console.log(text);
      else console.error(text);
    },
  });
} catch (error) {
  if (error instanceof SpmdRankError) {
    console.error(
      `[ERROR] El proceso ${error.rank} falló: ${error.rankMessage}`,
    );
  } else {
    console.error(`[ERROR] ${(error as Error).message}`);
  }
  Deno.exit(1);
}
