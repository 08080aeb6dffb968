/**
 * The Linux network counters of `/proc/net/snmp` (the same numbers as
 * `netstat -s`): how many TCP connections were opened, how many segments
 * went out, how many UDP datagrams were dropped because a receive buffer was
 * full. They count for the whole network namespace, not for one program, so
 * whoever reads a difference must allow for other traffic in between.
 *
 * @module
 */

/** The protocols whose lines the kit reads. */
export type SnmpProtocol = "Tcp" | "Udp";

/** One protocol's counters, by the kernel's own names (`ActiveOpens`, `RcvbufErrors`, …). */
export type SnmpCounters = Readonly<Record<string, number>>;

/**
 * Parses the text of `/proc/net/snmp`: each protocol has a line of names and
 * a line of values, both starting with `Proto:`.
 *
 * @example
 * ```ts
 * import { parseSnmp } from "./snmp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = "Udp: InDatagrams RcvbufErrors\nUdp: 10 3\n";
 * assertEquals(parseSnmp(text, "Udp"), { InDatagrams: 10, RcvbufErrors: 3 });
 * ```
 */
export function parseSnmp(text: string, protocol: SnmpProtocol): SnmpCounters {
  const lines = text.split("\n").filter((l) => l.startsWith(`${protocol}:`));
  if (lines.length < 2) {
    throw new TypeError(`/proc/net/snmp no tiene contadores ${protocol}`);
  }
  const names = lines[0].trim().split(/\s+/).slice(1);
  const values = lines[1].trim().split(/\s+/).slice(1).map(Number);
  if (
    names.length !== values.length || values.some((v) => !Number.isFinite(v))
  ) {
    throw new TypeError(
      `Contadores ${protocol} mal formados en /proc/net/snmp`,
    );
  }
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}

/** Whether this machine exposes `/proc/net/snmp` (Linux does). */
export function hasSnmpCounters(): boolean {
  try {
    Deno.statSync("/proc/net/snmp");
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads one protocol's counters now.
 *
 * @example On Linux, TCP counts its opens
 * ```ts
 * import { hasSnmpCounters, readSnmp } from "./snmp.ts";
 * import { assert } from "@std/assert";
 *
 * if (hasSnmpCounters()) assert(readSnmp("Tcp").ActiveOpens >= 0);
 * ```
 */
export function readSnmp(protocol: SnmpProtocol): SnmpCounters {
  return parseSnmp(Deno.readTextFileSync("/proc/net/snmp"), protocol);
}

/**
 * How much each of `names` grew from `before` to `after`.
 *
 * @example
 * ```ts
 * import { snmpDelta } from "./snmp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(
 *   snmpDelta({ OutSegs: 5, InSegs: 1 }, { OutSegs: 8, InSegs: 4 }, ["OutSegs"]),
 *   { OutSegs: 3 },
 * );
 * ```
 */
export function snmpDelta<K extends string>(
  before: SnmpCounters,
  after: SnmpCounters,
  names: readonly K[],
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const name of names) {
    if (!(name in before) || !(name in after)) {
      throw new RangeError(`Contador desconocido ${name}`);
    }
    out[name] = after[name] - before[name];
  }
  return out;
}
