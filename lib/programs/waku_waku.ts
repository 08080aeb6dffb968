/**
 * The class's first MPI example (Clase 03 §3, "Comunicación directa - MPI"):
 * rank 0 sends the UTF-8 bytes of "Waku Waku" with tag 0 and rank 1 prints
 * what it received. The bytes travel as MPI_BYTE, so a Python rank doing
 * `comm.Send(b"Waku Waku", dest=1, tag=0)` can take rank 0's place.
 *
 * Run it: `deno task spmd -n 2 lib/programs/waku_waku.ts` (Workers) or
 * `deno task mpi -n 2 lib/programs/waku_waku.ts` (Open MPI).
 *
 * @module
 */

import { runSpmd } from "../spmd/run.ts";

await runSpmd(async (comm) => {
  if (comm.size < 2) {
    console.error(
      "Este programa necesita 2 procesos: deno task spmd -n 2 lib/programs/waku_waku.ts",
    );
    return null;
  }
  if (comm.rank === 0) {
    console.log("Proceso 0 envía mensaje");
    await comm.sendBytes(new TextEncoder().encode("Waku Waku"), 1, 0);
    return "enviado";
  }
  if (comm.rank === 1) {
    const message = await comm.recvBytes(0, 0);
    const text = new TextDecoder().decode(message.data);
    console.log(`Proceso 1 recibió: ${text}`);
    return text;
  }
  return null;
});
