/**
 * Two ranks swap a buffer — the classic exchange that deadlocks under MPI.
 *
 * Modes (second argument):
 * - `send-send`: both ranks send first, then receive. On the kit's Workers a
 *   send is buffered and returns at once, so it always finishes. Under
 *   Open MPI a standard-mode send of a large message waits for the matching
 *   receive (rendezvous), so both ranks wait for each other forever.
 * - `ordered`: rank 0 sends then receives, rank 1 receives then sends.
 * - `overlap`: each rank starts its send, receives, and only then waits for
 *   the send to finish (what MPI_Isend + MPI_Recv + MPI_Wait, or
 *   MPI_Sendrecv, do).
 *
 * Run it: `deno task mpi -n 2 lib/programs/exchange.ts 1048576 send-send`
 * (first argument: bytes per message).
 *
 * @module
 */

import { runSpmd, spmdArgs } from "../spmd/run.ts";

const MODES = ["send-send", "ordered", "overlap"] as const;
const [bytesArg = "1048576", modeArg = "send-send"] = spmdArgs();
const bytes = Number(bytesArg);
if (!Number.isInteger(bytes) || bytes < 1) {
  throw new RangeError(`Tamaño de mensaje inválido: ${bytesArg}`);
}
const mode = MODES.find((m) => m === modeArg);
if (mode === undefined) {
  throw new RangeError(
    `Modo desconocido: ${modeArg} (usa ${MODES.join(", ")})`,
  );
}

await runSpmd(async (comm) => {
  if (comm.size !== 2) {
    console.error("Este programa necesita exactamente 2 procesos");
    return null;
  }
  const other = 1 - comm.rank;
  const outgoing = new Uint8Array(bytes).fill(comm.rank + 1);
  console.log(`proceso ${comm.rank}: empieza (${mode})`);
  let received: Uint8Array;
  if (mode === "send-send") {
    await comm.sendBytes(outgoing, other);
    received = (await comm.recvBytes(other)).data;
  } else if (mode === "ordered" && comm.rank === 0) {
    await comm.sendBytes(outgoing, other);
    received = (await comm.recvBytes(other)).data;
  } else if (mode === "ordered") {
    received = (await comm.recvBytes(other)).data;
    await comm.sendBytes(outgoing, other);
  } else {
    const sending = comm.sendBytes(outgoing, other);
    received = (await comm.recvBytes(other)).data;
    await sending;
  }
  const intact = received.length === bytes &&
    received.every((b) => b === other + 1);
  console.log(
    `proceso ${comm.rank}: recibió ${received.length} bytes del proceso ${other}${
      intact ? "" : " (¡contenido inesperado!)"
    }`,
  );
  return intact;
});
