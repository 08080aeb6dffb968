/**
 * How much the task server's memory grows under many large results.
 *
 * Starts a task server in this process, sends it `--results` answers of
 * `--bytes` each through real TCP clients on 127.0.0.1 (`--batch` at a time),
 * and prints the resident memory (RSS) before and after, each after a full
 * garbage collection. Exits with code 1 when the growth reaches `--limit-mb`:
 * a server that kept every result would hold them all.
 *
 * Usage: deno run -A lib/bench/task_server_memory.ts [--results 2500]
 *   [--bytes 65536] [--batch 50] [--limit-mb 100]
 *
 * Without `--v8-flags=--expose-gc` the program runs itself again with it, so
 * the figures never include garbage that merely was not collected yet.
 *
 * @module
 */

import { parseArgs } from "@std/cli/parse-args";
import { runTaskClient, serveTasks } from "../net/task.ts";
import { formatNumber } from "../notebook/number_format.ts";

const MIB = 1024 * 1024;

/**
 * The line that reports the growth, in es-CL; `bench:ataque` reads it back
 * with `parseGrowthMib` (attack_figures.ts), so the two change together.
 *
 * @example
 * ```ts
 * import { growthLine } from "./task_server_memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(growthLine(12.34, 100), "Crecimiento: 12,3 MiB (límite: < 100 MiB)");
 * ```
 */
export function growthLine(growthMib: number, limitMib: number): string {
  return `Crecimiento: ${formatNumber(growthMib, 1)} MiB (límite: < ${
    formatNumber(limitMib)
  } MiB)`;
}

/** Runs `gc()` a few times, letting finalizers and pending I/O settle in between. */
async function collect(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Deno.memoryUsage().rss;
}

async function sendResults(
  port: number,
  args: { results: number; bytes: number; batch: number },
): Promise<void> {
  const payload = "x".repeat(args.bytes);
  for (let sent = 0; sent < args.results; sent += args.batch) {
    const count = Math.min(args.batch, args.results - sent);
    await Promise.all(
      Array.from(
        { length: count },
        () => runTaskClient({ port, solve: () => payload, timeoutMs: 30_000 }),
      ),
    );
  }
}

async function measure(
  gc: () => void,
  args: { results: number; bytes: number; batch: number; limitMb: number },
): Promise<boolean> {
  await using server = await serveTasks({
    tasks: ["2 + 2"],
    maxResultBytes: Math.max(args.bytes, 1),
  });
  const before = await collect(gc);
  // The clients run in a child process, so only the server's memory counts.
  const clients = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net=127.0.0.1",
      import.meta.filename ?? new URL(import.meta.url).pathname,
      `--client-port=${server.port}`,
      `--results=${args.results}`,
      `--bytes=${args.bytes}`,
      `--batch=${args.batch}`,
    ],
    stdin: "null",
    signal: AbortSignal.timeout(120_000),
  }).output();
  if (!clients.success) {
    console.error(new TextDecoder().decode(clients.stderr));
    return false;
  }
  await server.waitForResults(args.results, 30_000);
  const after = await collect(gc);
  const growthMb = (after - before) / MIB;
  console.log(
    `Servidor de tareas: ${formatNumber(args.results)} resultados de ${
      formatNumber(args.bytes)
    } bytes ` +
      `(${formatNumber((args.results * args.bytes) / MIB, 0)} MiB enviados), ` +
      `${formatNumber(server.results.size)} guardados en la ventana.`,
  );
  console.log(`RSS antes:   ${formatNumber(before / MIB, 1)} MiB`);
  console.log(`RSS después: ${formatNumber(after / MIB, 1)} MiB`);
  console.log(growthLine(growthMb, args.limitMb));
  return growthMb < args.limitMb;
}

if (import.meta.main) {
  const flags = parseArgs(Deno.args, {
    string: ["results", "bytes", "batch", "limit-mb", "client-port"],
    default: {
      results: "2500",
      bytes: String(64 * 1024),
      batch: "50",
      "limit-mb": "100",
    },
  });
  const args = {
    results: Number(flags.results),
    bytes: Number(flags.bytes),
    batch: Number(flags.batch),
    limitMb: Number(flags["limit-mb"]),
  };
  for (const [name, value] of Object.entries(args)) {
    if (!(Number.isFinite(value) && value >= (name === "bytes" ? 0 : 1))) {
      console.error(`Valor inválido para ${name}: ${value}`);
      Deno.exit(2);
    }
  }
  if (flags["client-port"] !== undefined) {
    await sendResults(Number(flags["client-port"]), args);
    Deno.exit(0);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    // Re-run with the collector exposed; the child's code is ours.
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        "--v8-flags=--expose-gc",
        import.meta.filename ?? new URL(import.meta.url).pathname,
        ...Deno.args,
      ],
      stdin: "null",
    }).spawn();
    Deno.exit((await child.status).code);
  }
  const ok = await measure(gc, args);
  if (!ok) console.error("El servidor de tareas crece más que el límite.");
  Deno.exit(ok ? 0 : 1);
}
