/**
 * `deno task mpi -n N <programa> [args...]`: runs an SPMD program file as N
 * real Open MPI ranks (`mpiexec -n N deno run -A programa`), adding
 * --allow-run-as-root only when running as root and --oversubscribe only
 * when N exceeds this machine's cores.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import {
  buildMpiexecArgs,
  denoRankCommand,
  mpiexecAvailable,
} from "../spmd/mpi/launch.ts";
import { physicalCores } from "../spmd/mpi/cores.ts";

const HELP = `Uso: deno task mpi -n N <programa.ts> [argumentos...]

Ejecuta el programa como N procesos reales de Open MPI (mpiexec), cada uno un
proceso Deno que llama a libmpi por FFI. El mismo archivo corre sobre Workers
con "deno task spmd".

Opciones:
  -n, --procesos N     número de procesos (por defecto 2)
  --timeout S          tiempo máximo del trabajo en segundos (por defecto 120)
  --host LISTA         máquinas (mpiexec --host a,b); misma ruta a deno y al
                       programa en cada una
  --tcp                fuerza el transporte TCP entre procesos (--mca btl tcp,self)
  -h, --help           muestra esta ayuda

Ejemplos:
  deno task mpi -n 2 lib/programs/waku_waku.ts
  deno task mpi -n 4 lib/programs/pi.ts 40000000`;

const flags = parseArgs(Deno.args, {
  string: ["n", "timeout", "host"],
  boolean: ["help", "tcp"],
  alias: { n: "procesos", h: "help" },
  stopEarly: true,
});

if (flags.help) {
  console.log(HELP);
  Deno.exit(0);
}
const [program, ...programArgs] = flags._.map(String);
const ranks = Number(flags.n ?? 2);
if (!program) {
  console.error("[ERROR] Falta el programa.\n\n" + HELP);
  Deno.exit(2);
}
if (!Number.isInteger(ranks) || ranks < 1) {
  console.error(`[ERROR] Número de procesos inválido: ${flags.n}`);
  Deno.exit(2);
}
if (!await mpiexecAvailable()) {
  console.error(
    "[ERROR] Open MPI no está instalado (no se encontró mpiexec). En Debian/Ubuntu:\n" +
      "  sudo apt-get install openmpi-bin libopenmpi-dev python3-mpi4py\n" +
      "Sin Open MPI, usa el backend de Workers: deno task spmd -n N <programa>",
  );
  Deno.exit(3);
}

const extra: string[] = [];
if (flags.tcp) extra.push("--mca", "btl", "tcp,self");
if (flags.host) extra.push("--host", flags.host);
const args = buildMpiexecArgs(
  [{ ranks, command: denoRankCommand(program, programArgs) }],
  {
    isRoot: Deno.uid() === 0,
    // Open MPI counts physical cores by default, not logical CPUs.
    cores: physicalCores(),
    timeoutSeconds: Number(flags.timeout ?? 120),
    extra,
  },
);
const child = new Deno.Command("mpiexec", { args, stdin: "null" }).spawn();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => child.kill("SIGTERM"));
}
const { code } = await child.status;
Deno.exit(code);
