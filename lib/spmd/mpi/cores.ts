/**
 * How many slots Open MPI gives this machine by default. mpirun(1): without
 * a hostfile, "Open MPI will attempt to discover the number of processor
 * cores on the node, and use that as the number of slots" — cores, not
 * hardware threads (those count only with --use-hwthread-cpus). On a machine
 * with two hardware threads per core, `navigator.hardwareConcurrency` is
 * twice Open MPI's count, so deciding `--oversubscribe` with it fails.
 *
 * @module
 */

/** Parses a Linux CPU list such as "0-3,8,10-11" into CPU numbers. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(",")) {
    if (part === "") continue;
    const [from, to = from] = part.split("-").map((x) => Number(x));
    if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) {
      throw new RangeError(`Lista de CPU inválida: ${list}`);
    }
    for (let cpu = from; cpu <= to; cpu++) cpus.push(cpu);
  }
  return cpus;
}

function readTrim(path: string): string {
  return Deno.readTextFileSync(path).trim();
}

/**
 * Physical cores this process may run on: the CPUs of its affinity mask
 * (/proc/self/status) grouped by (package, core) from sysfs. Falls back to
 * `navigator.hardwareConcurrency` where that information is unreadable
 * (not Linux, no read permission).
 *
 * @example At least one core, never more than the logical CPUs
 * ```ts
 * import { assert } from "@std/assert";
 * import { physicalCores } from "./cores.ts";
 *
 * const cores = physicalCores();
 * assert(cores >= 1);
 * assert(cores <= navigator.hardwareConcurrency);
 * ```
 */
export function physicalCores(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const allowed = status.match(/^Cpus_allowed_list:\s*(.+)$/m);
    if (!allowed) return navigator.hardwareConcurrency;
    const cores = new Set<string>();
    for (const cpu of parseCpuList(allowed[1])) {
      const dir = `/sys/devices/system/cpu/cpu${cpu}/topology`;
      cores.add(
        `${readTrim(`${dir}/physical_package_id`)}:${
          readTrim(`${dir}/core_id`)
        }`,
      );
    }
    return cores.size > 0 ? cores.size : navigator.hardwareConcurrency;
  } catch {
    return navigator.hardwareConcurrency;
  }
}
