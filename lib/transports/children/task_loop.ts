/**
 * The workshop child's conversation (Taller §1.2), over any duplex: answer
 * each task with a result naming this process, stop at the poison pill
 * "FIN" (answered with a goodbye) or when the parent closes. Shared by the
 * plain child and the traced one, so both speak exactly the same bytes.
 *
 * @module
 */

import type { MessageDuplex } from "../../wire/duplex.ts";

/**
 * Serves tasks until "FIN" or end of input; returns how many tasks it
 * answered (the goodbye not counted).
 *
 * @example Two tasks, then the poison pill
 * ```ts
 * import { serveWorkshopTasks } from "./task_loop.ts";
 * import { memoryDuplexPair } from "../../wire/memory.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const [parent, child] = memoryDuplexPair();
 * const text = new TextEncoder();
 * for (const t of ["Tarea 1", "Tarea 2", "FIN"]) await parent.send(text.encode(t));
 * assertEquals(await serveWorkshopTasks(child, "0"), 2);
 * const first = new TextDecoder().decode((await parent.receive())!);
 * assertStringIncludes(first, "Resultado de Tarea 1 en proceso 0");
 * await parent.close();
 * await child.close();
 * ```
 */
export async function serveWorkshopTasks(
  parent: MessageDuplex,
  workerId: string,
): Promise<number> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let handled = 0;
  while (true) {
    const message = await parent.receive();
    if (message === null) return handled;
    const task = decoder.decode(message);
    if (task === "FIN") {
      await parent.send(encoder.encode(`[Proceso ${workerId}] Finalizando...`));
      return handled;
    }
    handled++;
    await parent.send(
      encoder.encode(
        `Resultado de ${task} en proceso ${workerId} (pid ${Deno.pid})`,
      ),
    );
  }
}
