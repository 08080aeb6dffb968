/**
 * Child program of the workshop's pipe implementation (Taller §1.2): takes
 * tasks from its pipe, answers each with a result naming itself, and stops at
 * the poison pill "FIN". Its number comes as the first argument.
 * Logs, if any, go to stderr (`console.error`): stdout carries the frames.
 *
 * @module
 */

import { parentPipeDuplex } from "../pipe.ts";

const workerId = Deno.args[0] ?? "?";
const parent = parentPipeDuplex();
const decoder = new TextDecoder();
const encoder = new TextEncoder();
let handled = 0;
while (true) {
  const message = await parent.receive();
  if (message === null) break;
  const task = decoder.decode(message);
  if (task === "FIN") {
    await parent.send(encoder.encode(`[Proceso ${workerId}] Finalizando...`));
    break;
  }
  handled++;
  await parent.send(
    encoder.encode(
      `Resultado de ${task} en proceso ${workerId} (pid ${Deno.pid})`,
    ),
  );
}
await parent.close();
Deno.exit(handled > 0 ? 0 : 3);
