/**
 * The strategies a bench row is made of, so the table compares like with
 * like. Two choices decide most of a byte stream's speed, apart from the
 * runtime that makes them:
 *
 * - **sending**: one system call per message (the class's `sendall`, C's
 *   `writev` per frame), or frames gathered and written together (the kit's
 *   fast framing coalesces concurrent sends; the baselines' `-batch` modes
 *   write when a buffer fills or a reply is awaited);
 * - **waiting**: asleep in the operating system's kernel until data arrives
 *   (a blocking `read`, `epoll`), which wakes the waiting thread once; asleep
 *   through a helper thread (the thread that wants the bytes hands the sleep
 *   to another one, so its event loop stays free — the kit's pipes and FIFOs
 *   under Deno, libuv's file work, the baselines' `-helper` modes), which
 *   wakes two threads per message; or spinning on a non-blocking read for a
 *   bounded budget first (the kit's busy-poll sockets, the baselines' `-spin`
 *   modes), which saves the wake-up at the price of a core kept busy.
 *
 * @module
 */

import type { BenchRuntime } from "./records.ts";

/** How messages reach the operating system. */
export type SendStrategy = "per-message" | "batched" | "shared-memory";
/** How a reader waits for the next bytes. */
export type WaitStrategy = "kernel" | "helper" | "spin";

/** The strategy of one mechanism of one runtime. */
export interface BenchStrategy {
  /** How messages reach the operating system. */
  send: SendStrategy;
  /** How the reader waits for the next bytes. */
  wait: WaitStrategy;
}

/** Spanish labels of each sending strategy (learner-visible). */
export const SEND_STRATEGY_LABELS: Readonly<Record<SendStrategy, string>> = {
  "per-message": "una llamada por mensaje",
  batched: "agrupado",
  "shared-memory": "memoria compartida, sin llamadas",
};

/** Spanish labels of each waiting strategy (learner-visible). */
export const WAIT_STRATEGY_LABELS: Readonly<Record<WaitStrategy, string>> = {
  kernel: "espera en el núcleo del sistema operativo",
  helper: "espera en el núcleo, en un hilo auxiliar",
  spin: "espera activa",
};

const PER_MESSAGE_KERNEL: BenchStrategy = {
  send: "per-message",
  wait: "kernel",
};

/** Strategies of the mechanisms whose name says nothing about them. */
const NAMED: Record<BenchRuntime, Record<string, BenchStrategy>> = {
  deno: {
    // Fast framing coalesces concurrent sends on every byte stream; the fast
    // sockets, pipes and FIFOs spin a bounded budget before sleeping in poll.
    // The -async sockets sleep in the event loop's epoll on their own
    // thread; the -async pipes and FIFOs sleep in poll on a helper thread
    // (Deno cannot put them in its epoll); the -block ones in their own
    // blocking calls (sockets) or their own poll (pipes, FIFOs).
    tcp: { send: "batched", wait: "spin" },
    unix: { send: "batched", wait: "spin" },
    "tcp-async": { send: "batched", wait: "kernel" },
    "unix-async": { send: "batched", wait: "kernel" },
    "tcp-block": { send: "batched", wait: "kernel" },
    "unix-block": { send: "batched", wait: "kernel" },
    pipe: { send: "batched", wait: "spin" },
    fifo: { send: "batched", wait: "spin" },
    "pipe-async": { send: "batched", wait: "helper" },
    "fifo-async": { send: "batched", wait: "helper" },
    "pipe-block": { send: "batched", wait: "kernel" },
    "fifo-block": { send: "batched", wait: "kernel" },
    // Built on the -async pairs, under their short names (see pairs_each.ts).
    "pipe-each": { send: "per-message", wait: "helper" },
    "fifo-each": { send: "per-message", wait: "helper" },
    channel: PER_MESSAGE_KERNEL,
    // The ring spins up to 0.5 ms, then sleeps (Atomics.wait).
    ring: { send: "shared-memory", wait: "spin" },
  },
  python: {
    pipe: PER_MESSAGE_KERNEL,
    "pipe-bytes": PER_MESSAGE_KERNEL,
    queue: PER_MESSAGE_KERNEL,
    // Spins with sched_yield, never sleeps.
    shm: { send: "shared-memory", wait: "spin" },
  },
  c: {
    // Spins 2 000 pauses, then sleeps on a futex.
    shm: { send: "shared-memory", wait: "spin" },
  },
};

const STREAMS = new Set(["tcp", "unix", "pipe", "pipe-os", "fifo"]);

/**
 * The strategy behind a runtime's mechanism, or `undefined` when the bench
 * does not classify it (MPI ping-pongs, the in-memory pair). Baseline byte
 * streams are named by their strategy: `tcp` (one call per message, asleep
 * in the kernel), `tcp-batch`, `tcp-spin`, `tcp-batch-spin`, `pipe-helper`,
 * `pipe-batch-helper` (C only: Python has no spin or helper mode); the
 * kit's `-each` rows are its byte streams with each send awaited before the
 * next.
 *
 * @example
 * ```ts
 * import { strategyOf } from "./strategies.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(strategyOf("deno", "tcp"), { send: "batched", wait: "spin" });
 * assertEquals(strategyOf("c", "tcp"), { send: "per-message", wait: "kernel" });
 * assertEquals(strategyOf("c", "fifo-batch-spin"), { send: "batched", wait: "spin" });
 * assertEquals(strategyOf("deno", "pipe-each"), { send: "per-message", wait: "helper" });
 * assertEquals(strategyOf("deno", "pipe-block-each"), { send: "per-message", wait: "kernel" });
 * assertEquals(strategyOf("c", "pipe-batch-helper"), { send: "batched", wait: "helper" });
 * assertEquals(strategyOf("python", "pipe-helper"), undefined);
 * assertEquals(strategyOf("deno", "mpi"), undefined);
 * ```
 */
export function strategyOf(
  runtime: BenchRuntime,
  mechanism: string,
): BenchStrategy | undefined {
  const named = NAMED[runtime][mechanism];
  if (named !== undefined) return { ...named };
  if (runtime === "deno") {
    const base = mechanism.endsWith("-each")
      ? mechanism.slice(0, -"-each".length)
      : null;
    const wait = base === null ? undefined : NAMED.deno[base]?.wait;
    return base !== null && wait !== undefined &&
        NAMED.deno[base].send === "batched"
      ? { send: "per-message", wait }
      : undefined;
  }
  const match = /^([a-z-]+?)(-batch)?(-spin|-helper)?$/.exec(mechanism);
  if (match === null || !STREAMS.has(match[1])) return undefined;
  if (runtime === "python" && match[3] !== undefined) return undefined;
  return {
    send: match[2] ? "batched" : "per-message",
    wait: match[3] === "-spin"
      ? "spin"
      : match[3] === "-helper"
      ? "helper"
      : "kernel",
  };
}

/**
 * A strategy as the table names it: "agrupado; espera activa".
 *
 * @example
 * ```ts
 * import { strategyLabel } from "./strategies.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(
 *   strategyLabel({ send: "per-message", wait: "kernel" }),
 *   "una llamada por mensaje; espera en el núcleo del sistema operativo",
 * );
 * assertEquals(strategyLabel(undefined), "—");
 * ```
 */
export function strategyLabel(strategy: BenchStrategy | undefined): string {
  if (strategy === undefined) return "—";
  return `${SEND_STRATEGY_LABELS[strategy.send]}; ${
    WAIT_STRATEGY_LABELS[strategy.wait]
  }`;
}
