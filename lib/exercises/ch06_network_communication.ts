/**
 * Notebook 06's exercise: write the receiving half of the reliable protocol.
 *
 * The reader writes `makeReceiver()`, returning an object whose
 * `accept({ seq, payload })` answers which payloads the application may now
 * read, in order. The checks feed it hand-made packets (in order, duplicated,
 * early) and then run the whole protocol over the lossy link with it.
 *
 * @module
 */

import {
  defineExercise,
  type ExerciseSpec,
  type SolutionOf,
} from "../notebook/exercise.ts";
import { transferReliably } from "../net/reliable.ts";

/** What the reader writes. */
export type ReceiverFactory = SolutionOf<typeof receiverExercise>;

function feed(factory: ReceiverFactory, seqs: number[]): string[] {
  const receiver = factory();
  const out: string[] = [];
  for (const seq of seqs) {
    out.push(...receiver.accept({ seq, payload: `m${seq}` }).deliver);
  }
  return out;
}

/**
 * The exercise's checks.
 *
 * @example A receiver that delivers everything as it comes fails
 * ```ts
 * import { receiverExercise } from "./ch06_network_communication.ts";
 * import { checkExercise } from "../notebook/exercise.ts";
 * import { assert } from "@std/assert";
 *
 * const naive = () => ({ accept: (p: { payload: string }) => ({ deliver: [p.payload] }) });
 * const report = await checkExercise(receiverExercise, naive, { display: false });
 * assert(report.passed < report.total);
 * ```
 */
export const receiverExercise: ExerciseSpec<
  () => {
    /** Takes one packet; returns the payloads it can now deliver, in order. */
    accept(packet: { seq: number; payload: string }): { deliver: string[] };
  }
> = defineExercise({
  id: "receptor-confiable",
  title: "El receptor del protocolo con ACK: sin duplicados y en orden",
  checks: [
    {
      name: "paquetes en orden se entregan tal cual",
      run: (f) => feed(f, [0, 1, 2]),
      expected: ["m0", "m1", "m2"],
    },
    {
      name: "un duplicado se descarta",
      run: (f) => feed(f, [0, 0, 1, 1]),
      expected: ["m0", "m1"],
    },
    {
      name: "un paquete adelantado espera al anterior",
      run: (f) => feed(f, [1, 2, 0]),
      expected: ["m0", "m1", "m2"],
    },
    {
      name: "un paquete viejo repetido tras avanzar se descarta",
      run: (f) => feed(f, [0, 1, 0, 2]),
      expected: ["m0", "m1", "m2"],
    },
    {
      name:
        "200 mensajes por un enlace con 30 % de pérdida, duplicados y desorden",
      run: (f) => {
        const messages = Array.from({ length: 200 }, (_, i) => `m${i}`);
        for (const seed of [1, 2, 3]) {
          const outcome = transferReliably(messages, {
            link: { loss: 0.3, duplicate: 0.2, reorder: 0.3, seed },
            receiver: f() as never,
          });
          if (outcome.delivered.join() !== messages.join()) {
            return `semilla ${seed}: ${outcome.delivered.length} entregados`;
          }
        }
        return "todo llegó una vez y en orden";
      },
      expected: "todo llegó una vez y en orden",
    },
  ],
});
