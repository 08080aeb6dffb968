/**
 * What two ways of sleeping cost, measured: through a helper thread (how a
 * Deno program waits on a pipe or FIFO without blocking its event loop; C
 * pays the same extra wake-up in its `-helper` modes) and through Deno's
 * event loop (a `Deno.Conn`, against the kit's socket asleep in its own
 * `recv` as C's). Each paragraph is built from the figures, so it holds for
 * any run, and is left out when a figure is missing.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import type { BenchRecord } from "./records.ts";
import { formatSize } from "./report.ts";
import { betterBy, figureOf } from "./figure_words.ts";

/**
 * The helper-thread paragraphs (pipe, FIFO), then the event-loop ones (TCP,
 * Unix socket), for round trips of `size` bytes.
 *
 * @example Only what was measured is explained
 * ```ts
 * import { explainWaitCosts } from "./wait_costs.ts";
 * import { aggregateRuns, runFromRaw } from "./records.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const records = aggregateRuns([
 *   runFromRaw("tcp-batch", "c", 64, [20], 1, 1),
 *   runFromRaw("tcp-block", "deno", 64, [25], 1, 1),
 *   runFromRaw("tcp-async", "deno", 64, [30], 1, 1),
 * ]);
 * const [only, ...rest] = explainWaitCosts(records, 64);
 * assertEquals(rest, []);
 * assertStringIncludes(only, "(TCP, 64 B, ida y vuelta)");
 * assertStringIncludes(only, "1,2 veces peor que dormir en su propio recv");
 * assertEquals(explainWaitCosts(records, undefined), []);
 * ```
 */
export function explainWaitCosts(
  records: readonly BenchRecord[],
  size: number | undefined,
): string[] {
  return [
    ...explainHelperWait(records, size),
    ...explainEventLoopWait(records, size),
  ];
}

/** The pipes and FIFOs measured both ways of sleeping, kit and C. */
const HELPER_SPLITS = [
  {
    label: "tubería",
    block: "pipe-block",
    helper: "pipe-async",
    c: "pipe-batch",
  },
  { label: "FIFO", block: "fifo-block", helper: "fifo-async", c: "fifo-batch" },
] as const;

/**
 * One paragraph per pipe or FIFO whose four round trips were measured at
 * `size`: C and the kit asleep in their own read, and both asleep through a
 * helper thread, so the cost of the extra wake-up shows as strategy (C pays
 * it too) apart from runtime.
 */
function explainHelperWait(
  records: readonly BenchRecord[],
  size: number | undefined,
): string[] {
  if (size === undefined) return [];
  const paragraphs: string[] = [];
  for (const split of HELPER_SPLITS) {
    const rt = (runtime: "deno" | "c", name: string) =>
      figureOf(records, runtime, name, size, "latency");
    const cOwn = rt("c", split.c);
    const cHelper = rt("c", `${split.c}-helper`);
    const kitOwn = rt("deno", split.block);
    const kitHelper = rt("deno", split.helper);
    if (
      cOwn === null || cHelper === null || kitOwn === null ||
      kitHelper === null
    ) continue;
    const us = (value: number) => `${formatNumber(value, 1)} µs`;
    paragraphs.push(
      `Esperar en un hilo auxiliar (${split.label}, ${
        formatSize(size).replace(" ", " ")
      }, ida y vuelta): C tardó ${us(cOwn)} dormido en su propio read y ${
        us(cHelper)
      } cuando otro hilo duerme en poll y lo despierta (${
        betterBy(cOwn / cHelper, "dormir en su propio read")
      }); el kit, ${us(kitOwn)} bloqueando su hilo y ${
        us(kitHelper)
      } con su hilo auxiliar, que es como espera sin bloquear el event loop. Con la misma forma de esperar, el kit queda ${
        betterBy(cOwn / kitOwn, "C")
      } dormido en su propio read y ${
        betterBy(cHelper / kitHelper, "C")
      } con un hilo auxiliar. Un hilo auxiliar cuesta un despertar más por mensaje en cualquier lenguaje: es el precio de que el hilo principal siga atendiendo otras cosas mientras espera.`,
    );
  }
  return paragraphs;
}

/** The sockets measured asleep in their own call and through Deno.Conn. */
const EVENT_LOOP_SPLITS = [
  { label: "TCP", block: "tcp-block", conn: "tcp-async", c: "tcp-batch" },
  {
    label: "socket Unix",
    block: "unix-block",
    conn: "unix-async",
    c: "unix-batch",
  },
] as const;

/**
 * One paragraph per socket whose three round trips were measured at
 * `size`: C asleep in its own `recv`, the kit asleep in its own `recv`
 * (the same strategy), and the kit through `Deno.Conn`, whose wake-up goes
 * through the event loop: what the event loop adds, apart from the rest of
 * the runtime.
 */
function explainEventLoopWait(
  records: readonly BenchRecord[],
  size: number | undefined,
): string[] {
  if (size === undefined) return [];
  const paragraphs: string[] = [];
  for (const split of EVENT_LOOP_SPLITS) {
    const rt = (runtime: "deno" | "c", name: string) =>
      figureOf(records, runtime, name, size, "latency");
    const c = rt("c", split.c);
    const kitOwn = rt("deno", split.block);
    const kitConn = rt("deno", split.conn);
    if (c === null || kitOwn === null || kitConn === null) continue;
    const us = (value: number) => `${formatNumber(value, 1)} µs`;
    paragraphs.push(
      `Esperar a través del event loop (${split.label}, ${
        formatSize(size).replace(" ", " ")
      }, ida y vuelta): C dormido en su propio recv tardó ${
        us(c)
      }; el kit, dormido igual que C, ${us(kitOwn)} (${
        betterBy(c / kitOwn, "C")
      }); el kit con Deno.Conn, que despierta a través del event loop de Deno, ${
        us(kitConn)
      } (${
        betterBy(kitOwn / kitConn, "dormir en su propio recv")
      }). El event loop es lo que deja a un programa de Deno atender muchas conexiones y temporizadores con un solo hilo; un hilo bloqueado en recv no puede hacer nada más mientras espera.`,
    );
  }
  return paragraphs;
}
