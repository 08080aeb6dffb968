/**
 * The DNS resolution walk of Clase 03, as small cooperating servers on
 * loopback UDP.
 *
 * A resolver asks the root server, which refers it to the TLD server
 * (`.net`), which refers it to the domain's authoritative server, which
 * answers with the address and a TTL. The resolver caches the answer; a
 * second lookup within the TTL is served from the cache without asking
 * anyone, and after the TTL the walk happens again. The message format is a
 * deliberately simplified JSON, one query or reply per datagram — the walk
 * is the point, not RFC 1035's bit layout.
 *
 * @module
 */

import { bindUdp, type UdpSocket } from "../transports/udp.ts";

/** A record the authoritative servers hold (what `startDnsHierarchy` takes). */
type DnsRecord = Parameters<typeof startDnsHierarchy>[0][number];

/** A query datagram. */
export interface DnsQuery {
  /** Matches the reply to its query. */
  id: number;
  /** The name asked for. */
  name: string;
}

/** A reply datagram: an answer, a referral, or "no such name". */
export type DnsReply =
  | { id: number; kind: "answer"; address: string; ttl: number }
  | { id: number; kind: "referral"; zone: string; port: number }
  | { id: number; kind: "nxdomain" };

/** One server of the hierarchy (an entry of `startDnsHierarchy(…).servers`). */
export type DnsServerInfo = ReturnType<typeof startDnsHierarchy>["servers"][
  number
];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Lower-cases and checks a domain name; a `TypeError` when it is not one. */
export function normalizeDomainName(name: string): string {
  const trimmed = name.trim().toLowerCase().replace(/\.$/, "");
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(trimmed)) {
    throw new TypeError(`«${name}» no es un nombre de dominio`);
  }
  return trimmed;
}

/** The zone a name belongs to at a given depth: `tld` → "net", `domain` → "animeflv.net". */
function zoneOf(name: string, labels: number): string {
  return name.split(".").slice(-labels).join(".");
}

/**
 * Starts root, TLD and authoritative servers holding `records`, each on its
 * own loopback UDP port.
 *
 * @example One lookup, walking the hierarchy
 * ```ts
 * import { startDnsHierarchy } from "./dns.ts";
 * import { DnsResolver } from "./dns_resolver.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using dns = startDnsHierarchy([
 *   { name: "www3.animeflv.net", address: "185.178.208.140", ttl: 60 },
 * ]);
 * await using resolver = new DnsResolver({ rootPort: dns.rootPort });
 * const first = await resolver.resolve("www3.animeflv.net");
 * assertEquals(first.address, "185.178.208.140");
 * assertEquals(first.steps.map((s) => s.role), ["raíz", "TLD", "autoritativo"]);
 * assertEquals((await resolver.resolve("www3.animeflv.net")).fromCache, true);
 * ```
 */
export function startDnsHierarchy(
  records: readonly {
    /** The domain name, e.g. `www.uc.cl`. */
    name: string;
    /** Its IPv4 address. */
    address: string;
    /** Time to live in seconds. */
    ttl: number;
  }[],
): AsyncDisposable & {
  /** Where a resolver starts: the root server's UDP port. */
  readonly rootPort: number;
  /** Every server of the hierarchy. */
  readonly servers: readonly {
    /** Its place in the hierarchy. */
    role: "raíz" | "TLD" | "autoritativo";
    /** The zone it answers for: `.`, `net`, `animeflv.net`. */
    zone: string;
    /** Its UDP port. */
    port: number;
    /** Queries this server answered. */
    readonly queries: number;
  }[];
  /** Stops every server. */
  close(): Promise<void>;
} {
  const byDomain = new Map<string, DnsRecord[]>();
  for (const record of records) {
    const name = normalizeDomainName(record.name);
    if (!(record.ttl >= 0)) {
      throw new RangeError(`El TTL de ${name} debe ser ≥ 0`);
    }
    const domain = zoneOf(name, 2);
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), {
      ...record,
      name,
    }]);
  }
  const servers:
    (DnsServerInfo & { socket: UdpSocket; loop: Promise<void> })[] = [];
  const start = (
    role: DnsServerInfo["role"],
    zone: string,
    answer: (name: string) => Omit<DnsReply, "id">,
  ) => {
    const socket = bindUdp();
    const info = {
      role,
      zone,
      port: socket.addr.port,
      queries: 0,
      socket,
      loop: Promise.resolve(),
    };
    info.loop = (async () => {
      while (true) {
        const datagram = await socket.receiveFrom();
        if (datagram === null) return;
        let query: DnsQuery;
        try {
          query = JSON.parse(decoder.decode(datagram.data));
          if (typeof query.id !== "number" || typeof query.name !== "string") {
            continue;
          }
        } catch {
          continue; // Not a query: a real server drops it too.
        }
        info.queries++;
        let reply: Omit<DnsReply, "id">;
        try {
          reply = answer(normalizeDomainName(query.name));
        } catch {
          reply = { kind: "nxdomain" };
        }
        await socket.sendTo(
          encoder.encode(JSON.stringify({ id: query.id, ...reply })),
          datagram.from,
        )
          .catch(() => {});
      }
    })();
    servers.push(info);
    return info.port;
  };

  const tldPorts = new Map<string, number>();
  const domainPortsByTld = new Map<string, Map<string, number>>();
  for (const [domain, domainRecords] of byDomain) {
    const authoritative = start("autoritativo", domain, (name) => {
      const found = domainRecords.find((r) => r.name === name);
      return found
        ? { kind: "answer", address: found.address, ttl: found.ttl }
        : { kind: "nxdomain" };
    });
    const tld = zoneOf(domain, 1);
    let domainPorts = domainPortsByTld.get(tld);
    if (!domainPorts) {
      const ports = new Map<string, number>();
      domainPorts = ports;
      domainPortsByTld.set(tld, ports);
      tldPorts.set(
        tld,
        start("TLD", tld, (name) => {
          const next = ports.get(zoneOf(name, 2));
          return next
            ? { kind: "referral", zone: zoneOf(name, 2), port: next }
            : { kind: "nxdomain" };
        }),
      );
    }
    domainPorts.set(domain, authoritative);
  }
  const rootPort = start("raíz", ".", (name) => {
    const next = tldPorts.get(zoneOf(name, 1));
    return next
      ? { kind: "referral", zone: zoneOf(name, 1), port: next }
      : { kind: "nxdomain" };
  });

  const close = async () => {
    for (const server of servers) server.socket.close();
    await Promise.all(servers.map((s) => s.loop));
  };
  return {
    rootPort,
    servers: servers.map((s) => ({
      role: s.role,
      zone: s.zone,
      port: s.port,
      get queries() {
        return s.queries;
      },
    })),
    close,
    [Symbol.asyncDispose]: close,
  };
}
