/**
 * Ping-pong between ranks 0 and 1 (8 B to 1 MiB) as an SPMD program; rank 0
 * prints one JSON line `{"pingpong": [...rows]}`. Runs on both backends:
 * `deno task spmd -n 2 lib/programs/mpi_pingpong.ts` or
 * `deno task mpi -n 2 lib/programs/mpi_pingpong.ts [escala] [buffer|allocate]`
 * (`buffer`, the default, receives into one buffer per size like mpi4py's
 * `Recv`; `allocate` takes a new buffer per message).
 *
 * @module
 */

import { pingPong, type PingPongReceive } from "../bench/pingpong.ts";
import { runSpmd, spmdArgs } from "../spmd/run.ts";

const scale = Number(spmdArgs()[0] ?? 1);
const receive: PingPongReceive = spmdArgs()[1] === "allocate"
  ? "allocate"
  : "buffer";

await runSpmd(async (comm) => {
  const rows = await pingPong(
    comm,
    undefined,
    scale > 0 ? scale : 1,
    receive,
  );
  if (rows) console.log(JSON.stringify({ pingpong: rows }));
  return rows;
});
