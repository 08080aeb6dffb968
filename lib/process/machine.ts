/**
 * The machine inspection the class does with `lscpu` and `top`, from Deno:
 * how many cores, what load, how much memory, and how busy each core is
 * right now (two readings of /proc/stat a moment apart, as `top` does).
 *
 * @module
 */

import { delay } from "./timing.ts";

/** Why it exists: cumulative CPU time counters of one core, from /proc/stat. */
export interface CpuTimes {
  /** "cpu0", "cpu1", … */
  cpu: string;
  busy: number;
  total: number;
}

/**
 * Parses the per-core lines of /proc/stat (the aggregate "cpu" line is
 * skipped). Idle time is the idle plus iowait columns.
 *
 * @example
 * ```ts
 * import { parseCpuTimes } from "./machine.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = "cpu 9 0 9 90 0 0 0 0 0 0\ncpu0 5 0 5 40 10 0 0 0 0 0\nintr 1";
 * assertEquals(parseCpuTimes(text), [{ cpu: "cpu0", busy: 10, total: 60 }]);
 * ```
 */
export function parseCpuTimes(text: string): CpuTimes[] {
  const rows: CpuTimes[] = [];
  for (const line of text.split("\n")) {
    const match = /^(cpu\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const fields = match[2].trim().split(/\s+/).map(Number);
    if (fields.length < 4 || fields.some((f) => !Number.isFinite(f))) {
      throw new SyntaxError(`Línea de /proc/stat mal formada: ${line}`);
    }
    // guest time is already counted in user time: take the first 8 columns
    const counted = fields.slice(0, 8);
    const total = counted.reduce((a, b) => a + b, 0);
    const idle = counted[3] + (counted[4] ?? 0);
    rows.push({ cpu: match[1], busy: total - idle, total });
  }
  return rows;
}

/**
 * Percentage of time each core was busy between two readings.
 *
 * @example
 * ```ts
 * import { busyPercent } from "./machine.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const before = [{ cpu: "cpu0", busy: 10, total: 100 }];
 * const after = [{ cpu: "cpu0", busy: 40, total: 200 }];
 * assertEquals(busyPercent(before, after), [{ cpu: "cpu0", busyPercent: 30 }]);
 * ```
 */
export function busyPercent(
  before: readonly CpuTimes[],
  after: readonly CpuTimes[],
): { cpu: string; busyPercent: number }[] {
  return after.map((a) => {
    const b = before.find((x) => x.cpu === a.cpu);
    const total = a.total - (b?.total ?? 0);
    const busy = a.busy - (b?.busy ?? 0);
    return { cpu: a.cpu, busyPercent: total > 0 ? (100 * busy) / total : 0 };
  });
}

/**
 * Inspects this machine, sampling core load over `sampleMs`: what the
 * notebook shows about the reader's machine.
 *
 * @example
 * ```ts
 * import { inspectMachine } from "./machine.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const info = await inspectMachine(20);
 * assertEquals(info.coreBusy.length, info.cores);
 * assert(info.totalMemoryBytes > 0);
 * ```
 */
export async function inspectMachine(sampleMs = 200): Promise<{
  /** Logical cores the runtime sees (navigator.hardwareConcurrency). */
  cores: number;
  /** The CPU's model name, from /proc/cpuinfo. */
  cpuModel: string;
  /** 1, 5 and 15-minute load averages (runnable processes, averaged). */
  loadAverage: number[];
  /** Physical memory, in bytes. */
  totalMemoryBytes: number;
  /** Memory available to new programs without swapping, in bytes. */
  availableMemoryBytes: number;
  /** Busy percentage per core over the sampling interval. */
  coreBusy: { cpu: string; busyPercent: number }[];
}> {
  const read = () => parseCpuTimes(Deno.readTextFileSync("/proc/stat"));
  const before = read();
  await delay(sampleMs);
  const after = read();
  const cpuinfo = Deno.readTextFileSync("/proc/cpuinfo");
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "desconocido";
  const memory = Deno.systemMemoryInfo();
  return {
    cores: navigator.hardwareConcurrency,
    cpuModel: model.trim(),
    loadAverage: Deno.loadavg(),
    totalMemoryBytes: memory.total,
    availableMemoryBytes: memory.available,
    coreBusy: busyPercent(before, after),
  };
}
