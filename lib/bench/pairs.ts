/**
 * The registry of "pair factories": how the harness opens a connected pair
 * for each mechanism, with a bench peer (echo / sink) on the far side.
 *
 * The harness never knows what a transport is; it asks the registry for a
 * pair by mechanism name (`tcp`, `unix`, `pipe`, …), measures over the local
 * end, and closes the pair, which also stops the peer wherever it runs (same
 * thread, a Worker, a child process). A transport joins the benchmark by
 * registering one factory — nothing else changes.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";

/** Where the bench peer of a pair runs. */
export type BenchPeerPlace = "same-thread" | "worker" | "process";

/**
 * An open pair: the local end the harness measures over, and the clean-up
 * that stops the peer. Exists so every mechanism, whatever it needs to tear
 * down (a worker, a child, a temp dir), closes the same way.
 */
export interface BenchPair extends AsyncDisposable {
  readonly mechanism: string;
  readonly duplex: MessageDuplex;
  readonly peer: BenchPeerPlace;
  /** Closes the local end, waits (bounded) for the peer to finish, releases everything. */
  close(): Promise<void>;
}

/**
 * How to open one mechanism's pair. Exists so transports written by
 * different people plug into one harness without the harness importing them
 * by name.
 */
export interface BenchPairFactory {
  /** Mechanism name used on the command line and in JSON records. */
  readonly mechanism: string;
  /** One line: what the pair is, and where the peer runs. */
  readonly description: string;
  readonly peer: BenchPeerPlace;
  /**
   * How both ends of a byte stream wait for data: a spin budget in ms
   * (busy polling), or `false` (asleep in the operating system's kernel).
   * Absent where the mechanism has no such choice. Recorded so a test can
   * hold the factory to the strategy its row claims.
   */
  readonly busyPollMs?: number | false;
  /**
   * True when, with `busyPollMs: false`, the measuring end sleeps in its own
   * read, blocking its thread as a C program's `read` does; absent or false
   * when it sleeps in the event loop (Deno's sockets) or hands the sleep to
   * a helper thread (the kit's event-loop pipes and FIFOs).
   */
  readonly blocksThread?: boolean;
  /** Opens a fresh connected pair with a running bench peer. */
  open(): Promise<BenchPair>;
}

/**
 * The longest one blocking read or write of a `-block` pair's measuring end
 * sleeps: no timer of the bench can fire while its thread sleeps in `poll`,
 * so the bound lives in the call (as long as the bench's own watchdog).
 */
export const BLOCKING_WAIT_LIMIT_MS = 30_000;

/**
 * A set of pair factories by mechanism name.
 *
 * @example Registering and opening an in-memory pair
 * ```ts
 * import { BenchPairRegistry } from "./pairs.ts";
 * import { serveBenchPeer } from "./protocol.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const registry = new BenchPairRegistry();
 * registry.register({
 *   mechanism: "memory",
 *   description: "in-process",
 *   peer: "same-thread",
 *   open() {
 *     const [a, b] = memoryDuplexPair();
 *     const peer = serveBenchPeer(b);
 *     const close = async () => { await a.close(); await peer; await b.close(); };
 *     return Promise.resolve({
 *       mechanism: "memory", duplex: a, peer: "same-thread" as const, close,
 *       [Symbol.asyncDispose]: close,
 *     });
 *   },
 * });
 * assertEquals(registry.names(), ["memory"]);
 * await using pair = await registry.open("memory");
 * await pair.duplex.send(new Uint8Array([1]));
 * assertEquals([...(await pair.duplex.receive())!], [1]);
 * ```
 */
export class BenchPairRegistry {
  #factories = new Map<string, BenchPairFactory>();

  /** Adds a factory; a second one for the same mechanism is a `TypeError`. */
  register(factory: BenchPairFactory): this {
    if (!/^[a-z][a-z0-9-]*$/.test(factory.mechanism)) {
      throw new TypeError(
        `El nombre de mecanismo «${factory.mechanism}» debe tener solo minúsculas, dígitos o «-»`,
      );
    }
    if (this.#factories.has(factory.mechanism)) {
      throw new TypeError(
        `El mecanismo «${factory.mechanism}» ya está registrado`,
      );
    }
    this.#factories.set(factory.mechanism, factory);
    return this;
  }

  /** Registered mechanism names, in registration order. */
  names(): string[] {
    return [...this.#factories.keys()];
  }

  /** Whether a mechanism is registered. */
  has(mechanism: string): boolean {
    return this.#factories.has(mechanism);
  }

  /** The factory of a mechanism; an unknown name is a `RangeError` listing the known ones. */
  get(mechanism: string): BenchPairFactory {
    const factory = this.#factories.get(mechanism);
    if (!factory) {
      throw new RangeError(
        `Mecanismo desconocido «${mechanism}»; registrados: ${
          this.names().join(", ") || "ninguno"
        }`,
      );
    }
    return factory;
  }

  /** Opens a fresh pair of a mechanism. */
  open(mechanism: string): Promise<BenchPair> {
    return this.get(mechanism).open();
  }
}

/**
 * Builds a {@linkcode BenchPair} from a duplex and its clean-up, making
 * `close()` idempotent.
 *
 * @example
 * ```ts
 * import { makeBenchPair } from "./pairs.ts";
 * import { memoryDuplexPair } from "../wire/memory.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = memoryDuplexPair();
 * let cleanups = 0;
 * const pair = makeBenchPair("memory", a, "same-thread", async () => {
 *   await a.close();
 *   await b.close();
 *   cleanups++;
 * });
 * await pair.close();
 * await pair.close();
 * assertEquals(cleanups, 1);
 * ```
 */
export function makeBenchPair(
  mechanism: string,
  duplex: MessageDuplex,
  peer: BenchPeerPlace,
  cleanup: () => Promise<void>,
): BenchPair {
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= cleanup());
  return {
    mechanism,
    duplex,
    peer,
    close,
    [Symbol.asyncDispose]: close,
  };
}
