/**
 * `deno task bench:ataque`: the figures the kit's echo server reaches under
 * attack on this machine. At the same time, for 8 s: connect-then-reset
 * clients at about 150 a second, 140 slowloris connections (a byte a
 * second) and 200 silent ones; meanwhile a good client sends a probe every
 * 200 ms, each bounded by 1 s. The server runs as a child `deno run`, so its
 * resident memory (RSS) and open descriptors are read in `/proc/<pid>/`.
 * Then the task server's memory under 2 500 results of 64 KiB
 * (`task_server_memory.ts`). Prints a table; asserts nothing. Needs
 * `--allow-all`: Deno opens another process's `/proc/<pid>/` only under it.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { TextLineStream } from "@std/streams";
import {
  holdConnections,
  probeEcho,
  resetFlood,
} from "../net/attack_clients.ts";
import { formatNumber } from "../notebook/number_format.ts";
import { deadline } from "../util/deadline.ts";

const MIB = 1024 * 1024;
const ATTACK_MS = 8_000;
const AFTER_MS = 4_000;
const RESETS_ONLY_MS = 3_000;

/** RSS (bytes) and open descriptors of process `pid`, from /proc. */
function processFigures(pid: number): { rss: number; fds: number } {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return {
    rss: kb * 1024,
    fds: [...Deno.readDirSync(`/proc/${pid}/fd`)].length,
  };
}

async function startServer() {
  const entry = new URL("./attack_server.ts", import.meta.url);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", entry.pathname],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream())
    .pipeThrough(new TextLineStream())
    .getReader() as ReadableStreamDefaultReader<string>;
  const first = await deadline(
    lines.read(),
    20_000,
    "la primera línea del servidor atacado",
  );
  const port = Number(/PUERTO (\d+)/.exec(first.value ?? "")?.[1]);
  if (!(port > 0)) throw new Error(`Respuesta inesperada: ${first.value}`);
  return { child, lines, port };
}

/** Share of `probes` (ms or null) answered, as a percentage. */
const share = (probes: (number | null)[]) =>
  probes.length === 0
    ? NaN
    : (100 * probes.filter((p) => p !== null).length) / probes.length;

async function attack() {
  const { child, lines, port } = await startServer();
  await delay(500);
  const base = processFigures(child.pid);
  // First, resets alone: every probe should be answered within 1 s.
  const resetsOnly: (number | null)[] = [];
  const resetStart = performance.now();
  const firstFlood = resetFlood(port, {
    perSecond: 150,
    durationMs: RESETS_ONLY_MS,
  });
  while (performance.now() - resetStart < RESETS_ONLY_MS) {
    resetsOnly.push(await probeEcho(port, 1_000));
    await delay(200);
  }
  const { sent: sentAlone } = await firstFlood;
  // Then everything at once.
  const start = performance.now();
  const flood = resetFlood(port, { perSecond: 150, durationMs: ATTACK_MS });
  const [slow, silent] = await Promise.all([
    holdConnections(port, 140, { kind: "slowloris", byteEveryMs: 1_000 }),
    holdConnections(port, 200, { kind: "silent" }),
  ]);
  const probes: { atMs: number; ms: number | null }[] = [];
  let peak = base;
  const probing = (async () => {
    while (performance.now() - start < ATTACK_MS + AFTER_MS) {
      const atMs = performance.now() - start;
      probes.push({ atMs, ms: await probeEcho(port, 1_000) });
      const now = processFigures(child.pid);
      peak = {
        rss: Math.max(peak.rss, now.rss),
        fds: Math.max(peak.fds, now.fds),
      };
      await delay(200);
    }
  })();
  const [{ sent }] = await Promise.all([flood, probing]);
  await Promise.all([slow.stop(), silent.stop()]);
  await delay(1_500); // the server sees the closes
  const end = processFigures(child.pid);
  await child.stdin.close();
  const last = await deadline(
    lines.read(),
    10_000,
    "las estadísticas del servidor",
  );
  await lines.cancel();
  await deadline(child.status, 10_000, "que el servidor atacado se detuviera");
  // When the defences engaged: the first window of 10 probes with >= 90 %.
  let engagedAt: number | null = null;
  for (let i = 0; i + 10 <= probes.length && engagedAt === null; i++) {
    const window = probes.slice(i, i + 10).map((p) => p.ms);
    if (share(window) >= 90) engagedAt = probes[i].atMs;
  }
  return {
    sent,
    sentAlone,
    resetsOnly: share(resetsOnly),
    resetsOnlyProbes: resetsOnly.length,
    slowOpened: slow.opened,
    silentOpened: silent.opened,
    duringResets: share(
      probes.filter((p) => p.atMs < ATTACK_MS).map((p) => p.ms),
    ),
    engagedAt,
    afterEngaged: engagedAt === null
      ? NaN
      : share(probes.filter((p) => p.atMs >= engagedAt!).map((p) => p.ms)),
    probes: probes.length,
    base,
    peak,
    end,
    stats: last.value?.replace(/^ESTADISTICAS /, "") ?? "",
  };
}

async function taskServerGrowth(): Promise<number> {
  const entry = new URL("./task_server_memory.ts", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", entry.pathname],
    stdin: "null",
    signal: AbortSignal.timeout(180_000),
  }).output();
  return parseGrowthMib(new TextDecoder().decode(out.stdout));
}

/**
 * The growth (MiB) in the output of `task_server_memory.ts`, whose
 * `growthLine` prints it in es-CL ("1.234,5"); `NaN` when the line is
 * missing (the child failed or timed out).
 *
 * @example
 * ```ts
 * import { parseGrowthMib } from "./attack_figures.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(parseGrowthMib("RSS…\nCrecimiento: 12,3 MiB (límite: < 100 MiB)"), 12.3);
 * assertEquals(parseGrowthMib("sin cifras"), NaN);
 * ```
 */
export function parseGrowthMib(output: string): number {
  const match = /^Crecimiento: (-?\d{1,3}(?:\.\d{3})*(?:,\d+)?) MiB/m.exec(
    output,
  );
  if (match === null) return Number.NaN;
  return Number(match[1].replaceAll(".", "").replace(",", "."));
}

if (import.meta.main) {
  console.log("Atacando el servidor eco del kit (unos 15 s)…");
  const r = await attack();
  console.log("Servidor de tareas: 2.500 resultados de 64 KiB…");
  const growth = await taskServerGrowth();
  const pct = (v: number) => Number.isNaN(v) ? "—" : `${formatNumber(v, 0)} %`;
  const mib = (b: number) => `${formatNumber(b / MIB, 1)} MiB`;
  const rows: [string, string, string][] = [
    [
      "solo reinicios (~150/s, 3 s): enviados",
      formatNumber(r.sentAlone),
      "",
    ],
    [
      `solo reinicios: sondas atendidas en 1 s (de ${r.resetsOnlyProbes})`,
      pct(r.resetsOnly),
      "100 %",
    ],
    ["todo junto: reinicios enviados (~150/s, 8 s)", formatNumber(r.sent), ""],
    [
      "conexiones slowloris / calladas abiertas",
      `${r.slowOpened} / ${r.silentOpened}`,
      "140 / 200",
    ],
    [
      "sondas enviadas (una cada 200 ms, 1 s de plazo)",
      formatNumber(r.probes),
      "",
    ],
    [
      "todo junto: sondas atendidas en 1 s durante el ataque",
      pct(r.duringResets),
      "",
    ],
    [
      "defensas en acción desde (10 sondas seguidas ≥ 90 %)",
      r.engagedAt === null
        ? "nunca"
        : `${formatNumber(r.engagedAt / 1000, 1)} s`,
      "unos segundos",
    ],
    ["sondas atendidas desde entonces", pct(r.afterEngaged), "≥ 90 %"],
    [
      "RSS del servidor: base → pico",
      `${mib(r.base.rss)} → ${mib(r.peak.rss)}`,
      "",
    ],
    ["crecimiento del RSS", mib(r.peak.rss - r.base.rss), ""],
    [
      "descriptores: base → pico → final",
      `${r.base.fds} → ${r.peak.fds} → ${r.end.fds}`,
      "final = base",
    ],
    [
      "servidor de tareas: crecimiento con 2.500 × 64 KiB",
      Number.isNaN(growth) ? "?" : `${formatNumber(growth, 1)} MiB`,
      "< 100 MiB",
    ],
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  console.log(`\n${"cifra".padEnd(width)} | medido | meta`);
  for (const [name, value, goal] of rows) {
    console.log(`${name.padEnd(width)} | ${value} | ${goal}`);
  }
  console.log(`\nEstadísticas del servidor: ${r.stats}`);
}
