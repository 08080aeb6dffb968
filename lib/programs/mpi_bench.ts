/**
 * Prints the MPI ping-pong comparison (Deno ranks through FFI vs mpi4py ranks
 * vs Workers) measured now on this machine, and the ratios Deno / mpi4py.
 * `deno_us` receives into one buffer per size, as the mpi4py side does;
 * `deno_alloc_us` takes a new buffer per message (recvBytes).
 * `deno run -A lib/programs/mpi_bench.ts [escala]`
 *
 * @module
 */

import { formatTable } from "../notebook/display.ts";
import { benchMpiPingPong } from "../bench/mpi_compare.ts";

const scale = Number(Deno.args[0] ?? 1);
const result = await benchMpiPingPong({ scale: scale > 0 ? scale : 1 });
const sizes = [...new Set(result.rows.map((r) => r.sizeBytes))];
const find = (backend: string, size: number) =>
  result.rows.find((r) => r.backend === backend && r.sizeBytes === size);
const table = sizes.map((size) => {
  const deno = find("deno-mpi", size);
  const alloc = find("deno-mpi-alloc", size);
  const py = find("mpi4py", size);
  const workers = find("workers", size);
  return {
    bytes: size,
    deno_us: deno?.latencyUs,
    deno_alloc_us: alloc?.latencyUs,
    mpi4py_us: py?.latencyUs,
    workers_us: workers?.latencyUs,
    deno_MBps: deno?.bandwidthMBps,
    mpi4py_MBps: py?.bandwidthMBps,
    deno_vs_mpi4py: deno && py ? deno.latencyUs / py.latencyUs : undefined,
  };
});
console.log(
  "Ping-pong, latencia de ida (mediana) y ancho de banda, medidos ahora:",
);
console.log(formatTable(table, { digits: 2 }));
console.log(
  `Costo de una llamada FFI a libmpi: ${
    result.ffiCallNs === null ? "n/d" : `${result.ffiCallNs.toFixed(1)} ns`
  }`,
);
for (const reason of result.skipped) console.log(`[OMITIDO] ${reason}`);
