/**
 * Notebook 06's exercise: write the receiving half of the reliable protocol.
 *
 * The reader writes `makeReceiver()`, returning an object whose
 * `accept({ seq, payload })` answers which payloads the application may now
 * read, in order. The checks feed it hand-made packets (in order, duplicated,
 * early, old), check that two receivers do not share state, and then run the
 * whole protocol over the lossy link with it. Every failure names the packets
 * fed and what came back, in Spanish.
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

type Receiver = ReturnType<ReceiverFactory>;

/** Calls `accept` and checks the shape of its answer, with a Spanish error. */
function acceptChecked(
  receiver: Receiver,
  packet: { seq: number; payload: string },
): string[] {
  const call = `accept({ seq: ${packet.seq}, payload: "${packet.payload}" })`;
  if (typeof receiver?.accept !== "function") {
    throw new TypeError(
      "makeReceiver() debe devolver un objeto con un método accept; devolvió " +
        Deno.inspect(receiver, { depth: 1, colors: false }),
    );
  }
  const result = receiver.accept(packet) as unknown;
  const deliver = (result as { deliver?: unknown } | null)?.deliver;
  if (!Array.isArray(deliver) || deliver.some((p) => typeof p !== "string")) {
    throw new TypeError(
      `${call} devolvió ${
        Deno.inspect(result, { depth: 2, colors: false })
      }; se esperaba un objeto { deliver: [...] } con una lista de textos`,
    );
  }
  return deliver;
}

/** Feeds `m<seq>` for each seq to a fresh receiver; all it delivered, in order. */
function feed(factory: ReceiverFactory, seqs: number[]): string[] {
  const receiver = factory();
  return seqs.flatMap((seq) =>
    acceptChecked(receiver, { seq, payload: `m${seq}` })
  );
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
  hints: [
    "El receptor necesita **memoria** entre llamadas: guárdala en variables " +
    "dentro de `makeReceiver()` (no fuera), para que cada receptor tenga la " +
    "suya. Lo mínimo es el próximo `seq` que esperas, partiendo en 0.",
    "Tres casos: `seq` menor que el esperado → ya lo entregaste, devuelve " +
    "`{ deliver: [] }`; mayor → llegó adelantado, guárdalo en un " +
    "`Map<number, string>`; igual → entrégalo.",
    "Cuando entregas el esperado, avanza y revisa el `Map`: si ya tenías el " +
    "siguiente guardado, entrégalo también, y así mientras haya. Un solo " +
    "`while (guardados.has(esperado))` cubre los dos últimos casos si " +
    "primero guardas todo lo que no sea viejo.",
  ],
  worked: [
    "El receptor recuerda el próximo número que espera y guarda los que " +
    "llegan antes de tiempo; entrega solo cuando el hueco se llena.",
    "",
    "```ts",
    "function makeReceiver() {",
    "  let esperado = 0; // el próximo seq que la aplicación debe leer",
    "  const guardados = new Map<number, string>(); // los adelantados",
    "  return {",
    "    accept({ seq, payload }: { seq: number; payload: string }) {",
    "      // Un seq viejo ya se entregó: es un duplicado y se ignora.",
    "      if (seq >= esperado) guardados.set(seq, payload);",
    "      const deliver: string[] = [];",
    "      while (guardados.has(esperado)) {",
    "        deliver.push(guardados.get(esperado)!);",
    "        guardados.delete(esperado);",
    "        esperado++;",
    "      }",
    "      return { deliver };",
    "    },",
    "  };",
    "}",
    "```",
    "",
    "Un duplicado de un adelantado solo reescribe la misma entrada del `Map`; " +
    "uno de algo ya entregado cae en `seq < esperado`. Es lo que hace TCP con " +
    "los números de secuencia de sus bytes (RFC 9293 §3.4 y §3.10.7.4).",
  ].join("\n"),
  checks: [
    {
      name: "seq 0, 1, 2 en orden: se entrega m0, m1, m2",
      run: (f) => feed(f, [0, 1, 2]),
      expected: ["m0", "m1", "m2"],
    },
    {
      name: "seq 0, 0, 1, 1 (cada uno repetido): cada mensaje una sola vez",
      run: (f) => feed(f, [0, 0, 1, 1]),
      expected: ["m0", "m1"],
    },
    {
      name:
        "seq 1, 2, 0 (el 1 y el 2 adelantados): esperan al 0 y salen en orden",
      run: (f) => feed(f, [1, 2, 0]),
      expected: ["m0", "m1", "m2"],
    },
    {
      name: "seq 0, 1, 0, 2 (un 0 viejo repetido tras avanzar): se descarta",
      run: (f) => feed(f, [0, 1, 0, 2]),
      expected: ["m0", "m1", "m2"],
    },
    {
      name: "seq 2, 2, 1, 0 (un adelantado repetido): m2 sale una sola vez",
      run: (f) => feed(f, [2, 2, 1, 0]),
      expected: ["m0", "m1", "m2"],
    },
    {
      name:
        "dos receptores de makeReceiver() no comparten memoria: el segundo también empieza en seq 0",
      run: (f) => {
        feed(f, [0, 1]);
        return feed(f, [0, 1]);
      },
      expected: ["m0", "m1"],
    },
    {
      name:
        "200 mensajes por un enlace con 30 % de pérdida, duplicados y desorden (semillas 1, 2 y 3)",
      run: (f) => {
        const messages = Array.from({ length: 200 }, (_, i) => `m${i}`);
        for (const seed of [1, 2, 3]) {
          const receiver = f();
          const outcome = transferReliably(messages, {
            link: { loss: 0.3, duplicate: 0.2, reorder: 0.3, seed },
            receiver: {
              accept: (p: { seq: number; payload: string }) => ({
                deliver: acceptChecked(receiver, p),
              }),
            } as never,
          });
          if (outcome.delivered.join() !== messages.join()) {
            const extra = outcome.delivered.length -
              new Set(outcome.delivered).size;
            return `semilla ${seed}: ${outcome.delivered.length} entregados ` +
              `de 200 (${extra} repetidos` +
              (outcome.delivered.every((m, i) => m === messages[i])
                ? ")"
                : ", no en orden)");
          }
        }
        return "todo llegó una vez y en orden";
      },
      expected: "todo llegó una vez y en orden",
    },
  ],
});
