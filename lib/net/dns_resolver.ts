/**
 * The resolver of the DNS walk: asks root, TLD and authoritative servers in
 * turn (see `dns.ts`), and caches answers for their TTL.
 *
 * @module
 */

import { bindUdp, type UdpSocket } from "../transports/udp.ts";
import { deadline, WaitTimeoutError } from "../util/deadline.ts";
import { ProtocolError } from "../wire/errors.ts";
import {
  type DnsReply,
  type DnsServerInfo,
  normalizeDomainName,
} from "./dns.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The outcome of a lookup. */
export interface DnsLookup {
  /** The name looked up, normalized. */
  name: string;
  /** Its address. */
  address: string | null;
  /** Whether the cache answered, without asking any server. */
  fromCache: boolean;
  /** The walk, one step per server asked (none from the cache). */
  steps: {
    /** Which server was asked. */
    role: "raíz" | "TLD" | "autoritativo";
    /** Its UDP port. */
    port: number;
    /** What it replied. */
    reply: DnsReply;
  }[];
  /** Seconds the cached answer is still valid for (0 when not cached). */
  ttlLeft: number;
}

/** The name does not exist (the authoritative or a referring server said so). */
export class DnsNameNotFoundError extends Error {
  /** Builds the error for `name`. */
  constructor(name: string) {
    super(`El nombre ${name} no existe`);
    this.name = "DnsNameNotFoundError";
  }
}

/** Options of {@linkcode DnsResolver}. */
export interface DnsResolverOptions {
  rootPort: number;
  /** Clock in milliseconds (default `Date.now`); tests pass a fake one. */
  now?: () => number;
  /** Per-query timeout in ms (default 500); a lost datagram is retried. */
  timeoutMs?: number;
  /** Attempts per query (default 3). */
  attempts?: number;
}

/**
 * A caching iterative resolver (the "resolver" box of the class's diagram).
 * Errors are typed: a missing name is {@linkcode DnsNameNotFoundError}; a
 * server that never answers is a `Deno.errors.TimedOut`.
 *
 * @example An unknown name is a typed error
 * ```ts
 * import { startDnsHierarchy } from "./dns.ts";
 * import { DnsNameNotFoundError, DnsResolver } from "./dns_resolver.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await using dns = startDnsHierarchy([{ name: "a.example.org", address: "10.0.0.1", ttl: 5 }]);
 * await using resolver = new DnsResolver({ rootPort: dns.rootPort });
 * await assertRejects(() => resolver.resolve("b.example.org"), DnsNameNotFoundError);
 * ```
 */
export class DnsResolver implements AsyncDisposable {
  #socket: UdpSocket;
  #options: Required<DnsResolverOptions>;
  #cache = new Map<string, { address: string; expiresAt: number }>();
  #pending = new Map<number, (reply: DnsReply) => void>();
  #nextId = 1;
  #loop: Promise<void>;

  /** Opens the resolver's UDP socket. */
  constructor(options: DnsResolverOptions) {
    this.#options = { now: Date.now, timeoutMs: 500, attempts: 3, ...options };
    const socket = bindUdp();
    this.#socket = socket;
    this.#loop = (async () => {
      while (true) {
        const datagram = await socket.receiveFrom();
        if (datagram === null) return;
        try {
          const reply = JSON.parse(decoder.decode(datagram.data)) as DnsReply;
          this.#pending.get(reply.id)?.(reply);
        } catch {
          // A malformed reply is ignored; the query times out and is retried.
        }
      }
    })();
  }

  /** Names currently cached and their remaining TTL in seconds. */
  cacheEntries(): { name: string; address: string; ttlLeft: number }[] {
    const now = this.#options.now();
    return [...this.#cache].filter(([, e]) => e.expiresAt > now).map((
      [name, e],
    ) => ({
      name,
      address: e.address,
      ttlLeft: (e.expiresAt - now) / 1000,
    }));
  }

  async #ask(port: number, name: string): Promise<DnsReply> {
    for (let attempt = 0; attempt < this.#options.attempts; attempt++) {
      const id = this.#nextId++;
      const reply = new Promise<DnsReply>((resolve) =>
        this.#pending.set(id, resolve)
      );
      try {
        await this.#socket.sendTo(
          encoder.encode(JSON.stringify({ id, name })),
          port,
        );
        return await deadline(
          reply,
          this.#options.timeoutMs,
          `al servidor DNS del puerto ${port}`,
        );
      } catch (error) {
        // A lost datagram (query or reply) is retried, as a real resolver does.
        if (!(error instanceof WaitTimeoutError)) throw error;
      } finally {
        this.#pending.delete(id);
      }
    }
    throw new Deno.errors.TimedOut(
      `El servidor DNS del puerto ${port} no respondió`,
    );
  }

  /** Resolves `name`, from the cache when a fresh answer is there. */
  async resolve(name: string): Promise<DnsLookup> {
    const wanted = normalizeDomainName(name);
    const now = this.#options.now();
    const cached = this.#cache.get(wanted);
    if (cached && cached.expiresAt > now) {
      return {
        name: wanted,
        address: cached.address,
        fromCache: true,
        steps: [],
        ttlLeft: (cached.expiresAt - now) / 1000,
      };
    }
    this.#cache.delete(wanted);
    const steps: DnsLookup["steps"] = [];
    let port = this.#options.rootPort;
    let role: DnsServerInfo["role"] = "raíz";
    for (let hop = 0; hop < 8; hop++) {
      const reply = await this.#ask(port, wanted);
      steps.push({ role, port, reply });
      if (reply.kind === "nxdomain") throw new DnsNameNotFoundError(wanted);
      if (reply.kind === "answer") {
        this.#cache.set(wanted, {
          address: reply.address,
          expiresAt: this.#options.now() + reply.ttl * 1000,
        });
        return {
          name: wanted,
          address: reply.address,
          fromCache: false,
          steps,
          ttlLeft: reply.ttl,
        };
      }
      port = reply.port;
      role = role === "raíz" ? "TLD" : "autoritativo";
    }
    throw new ProtocolError(
      `Demasiadas derivaciones (referrals) al resolver ${wanted}`,
    );
  }

  /** Closes the socket. */
  async close(): Promise<void> {
    this.#socket.close();
    await this.#loop;
  }

  /** Same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
