/**
 * A short demonstration for notebook 07: two attacks against the kit's echo
 * server — slowloris and a reset flood — each run twice, with the server's
 * defences and without them, while a good client sends probes. It returns
 * what it measured and formats a Spanish table; it asserts nothing about
 * the outcome, which depends on the machine.
 *
 * "Without defences" turns the server's options off: no frame deadline,
 * no hold cap, no shedding (slowloris); back-off after a client's reset as
 * if the listener had failed (reset flood). Everything is loopback and
 * bounded: about 4 s in all (each attack's two runs go at the same time).
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { formatNumber } from "../notebook/number_format.ts";
import { holdConnections, probeEcho, resetFlood } from "./attack_clients.ts";
import { serveEcho } from "./echo.ts";
import type { ConnectionServerOptions } from "./server_types.ts";

/** One scenario of {@linkcode runAttackDemo}: what the good client got. */
export interface AttackDemoRow {
  /** Which attack. */
  attack: "slowloris" | "resets";
  /** Whether the server's defences were on. */
  defences: boolean;
  /** Probes answered within `probeTimeoutMs`. */
  served: number;
  /** Probes sent. */
  probes: number;
  /** The slowest answered probe in ms, or `null` when none was answered. */
  slowestMs: number | null;
  /** Hostile connections the server cut (slowloris) or resets sent (resets). */
  hostile: number;
}

const PROBE_TIMEOUT_MS = 1_000;
const PROBES = 4;
const SLOTS = 8;

/** Sends `PROBES` probes, one every `everyMs`, each bounded; gathers them. */
async function probeSeries(port: number, everyMs: number) {
  const probes = Array.from({ length: PROBES }, async (_, i) => {
    await delay(i * everyMs);
    return await probeEcho(port, PROBE_TIMEOUT_MS);
  });
  const times = (await Promise.all(probes)).filter((t) => t !== null);
  return {
    served: times.length,
    slowestMs: times.length > 0 ? Math.max(...times) : null,
  };
}

async function slowlorisScenario(defences: boolean): Promise<AttackDemoRow> {
  const options: ConnectionServerOptions = defences
    ? { maxConnections: SLOTS, frameTimeoutMs: 500, shedIdleMs: 200 }
    : {
      maxConnections: SLOTS,
      frameTimeoutMs: 0,
      maxIdleHoldMs: 0,
      shedIdleMs: Infinity,
    };
  await using server = await serveEcho(options);
  const held = await holdConnections(server.port, SLOTS + 4, {
    kind: "slowloris",
    byteEveryMs: 100,
  });
  try {
    await delay(300); // the slow senders take every slot first
    const probed = await probeSeries(server.port, 250);
    const stats = server.stats();
    return {
      attack: "slowloris",
      defences,
      probes: PROBES,
      ...probed,
      hostile: stats.slowFrames + stats.shed + stats.heldTooLong,
    };
  } finally {
    await held.stop();
  }
}

async function resetScenario(defences: boolean): Promise<AttackDemoRow> {
  await using server = await serveEcho({ backoffOnResets: !defences });
  const flood = resetFlood(server.port, { perSecond: 150, durationMs: 1_300 });
  await delay(200); // the flood is under way before the first probe
  const probed = await probeSeries(server.port, 250);
  const { sent } = await flood;
  return {
    attack: "resets",
    defences,
    probes: PROBES,
    ...probed,
    hostile: sent,
  };
}

/**
 * Runs slowloris and a reset flood against the echo server, each without
 * and with its defences, and returns one row per run (about 4 s in all).
 *
 * @example Four rows, every probe accounted for
 * ```ts
 * import { runAttackDemo } from "./attack_demo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const rows = await runAttackDemo();
 * assertEquals(rows.map((r) => `${r.attack}/${r.defences}`), [
 *   "slowloris/false", "slowloris/true", "resets/false", "resets/true",
 * ]);
 * assertEquals(rows.every((r) => r.served >= 0 && r.served <= r.probes), true);
 * ```
 */
export async function runAttackDemo(): Promise<AttackDemoRow[]> {
  // Each attack's two servers (defences off and on) are attacked at the same
  // time: separate servers, ports and attackers, and both rows see the same
  // machine load, so their comparison is fairer than one run after another.
  const slowloris = await Promise.all([
    slowlorisScenario(false),
    slowlorisScenario(true),
  ]);
  const resets = await Promise.all([
    resetScenario(false),
    resetScenario(true),
  ]);
  return [...slowloris, ...resets];
}

/**
 * The rows as a Spanish table (es-CL numbers), ready for `showTable`.
 *
 * @example
 * ```ts
 * import { formatAttackDemo } from "./attack_demo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [row] = formatAttackDemo([
 *   { attack: "resets", defences: true, served: 4, probes: 4, slowestMs: 1234.5, hostile: 190 },
 * ]);
 * assertEquals(row["sondas atendidas"], "4 de 4");
 * assertEquals(row["la más lenta (ms)"], "1.234,5");
 * ```
 */
export function formatAttackDemo(
  rows: readonly AttackDemoRow[],
): Record<string, string>[] {
  return rows.map((row) => ({
    ataque: row.attack === "slowloris"
      ? "slowloris (un byte cada 100 ms)"
      : "reinicios (RST) a ~150 por segundo",
    defensas: row.defences ? "activadas" : "desactivadas",
    "sondas atendidas": `${row.served} de ${row.probes}`,
    "la más lenta (ms)": row.slowestMs === null
      ? "ninguna atendida"
      : formatNumber(row.slowestMs, 1),
    "clientes hostiles": row.attack === "slowloris"
      ? `${formatNumber(row.hostile)} cortados por el servidor`
      : `${formatNumber(row.hostile)} reinicios enviados`,
  }));
}
