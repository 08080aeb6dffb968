/**
 * Starts a bench peer as a child Deno process and follows it to its end.
 *
 * Socket peers run in a process rather than a Worker: measured here, a
 * Worker's socket reads cost several times a process's (a 1 MiB TCP echo
 * took ~4 ms from a Worker, ~0.7 ms from a process), and the class's
 * baselines use processes too.
 *
 * @module
 */

import { withTimeout } from "../util/deadline.ts";

/**
 * Permissions of the peer: loopback sockets, its temp files, and FFI for the
 * busy-poll sockets (libc's `recv`), nothing else.
 */
export const PEER_PERMISSION_FLAGS: readonly string[] = [
  "--allow-net",
  "--allow-ffi",
  "--allow-read",
  "--allow-write",
];

/** The peer program's entry file. */
export const PEER_PROGRAM_URL: URL = new URL(
  "./peer_program.ts",
  import.meta.url,
);

/**
 * The arguments that run the peer program with the kit's import map.
 *
 * @example
 * ```ts
 * import { peerProgramArgs } from "./peer_process.ts";
 * import { assert } from "@std/assert";
 *
 * const args = peerProgramArgs(["tcp", "4444"]);
 * assert(args.at(-1) === "4444" && args.includes("run"));
 * ```
 */
export function peerProgramArgs(peerArgs: readonly string[]): string[] {
  const config = new URL("../../deno.json", import.meta.url);
  return [
    "run",
    "--quiet",
    "--no-prompt",
    `--config=${config.pathname}`,
    ...PEER_PERMISSION_FLAGS,
    PEER_PROGRAM_URL.href,
    ...peerArgs,
  ];
}

/**
 * The peer's optional last argument, its spin budget: a busy-poll peer gets
 * `[String(ms)]`, a peer that waits in the operating system's kernel gets
 * nothing. Parsed back by {@linkcode busyPollFromArg}.
 *
 * @example
 * ```ts
 * import { busyPollArg, busyPollFromArg } from "./peer_process.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(["pipe", ...busyPollArg(0.5)], ["pipe", "0.5"]);
 * assertEquals(busyPollArg(false), []);
 * assertEquals(busyPollFromArg(busyPollArg(0.5)[0]), 0.5);
 * ```
 */
export function busyPollArg(busyPollMs: number | false): string[] {
  if (busyPollMs === false) return [];
  if (!Number.isFinite(busyPollMs) || busyPollMs < 0) {
    throw new RangeError(
      `Presupuesto de espera activa inválido: ${busyPollMs}`,
    );
  }
  return [String(busyPollMs)];
}

/**
 * The spin budget a peer was given, or `false` (wait in the kernel) when
 * the argument is absent. Refuses anything but a non-negative number.
 *
 * @example
 * ```ts
 * import { busyPollFromArg } from "./peer_process.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(busyPollFromArg(undefined), false);
 * assertEquals(busyPollFromArg("0.5"), 0.5);
 * assertThrows(() => busyPollFromArg("mucho"), RangeError);
 * ```
 */
export function busyPollFromArg(arg: string | undefined): number | false {
  if (arg === undefined) return false;
  const ms = arg.trim() === "" ? NaN : Number(arg);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`Presupuesto de espera activa inválido: «${arg}»`);
  }
  return ms;
}

/**
 * A running peer process. Exists so every process-backed pair waits for its
 * peer and kills it the same bounded way.
 */
export interface PeerProcess {
  /** Rejects if the peer exits before `finish()` is called. */
  readonly failed: Promise<never>;
  /** Waits (bounded) for the exit, kills if needed, returns its stderr. */
  finish(timeoutMs?: number): Promise<string>;
}

/**
 * Starts `peer_program.ts` with the given arguments (stdin and stdout
 * unused; stderr collected).
 *
 * @example A TCP peer in a child process
 * ```ts
 * import { startPeerProcess } from "./peer_process.ts";
 * import { listenTcp } from "../transports/tcp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = listenTcp();
 * const peer = startPeerProcess(["tcp", String(listener.addr.port)]);
 * const duplex = await Promise.race([listener.accept(), peer.failed]);
 * await duplex.send(new Uint8Array([5]));
 * assertEquals([...(await duplex.receive())!], [5]);
 * await duplex.close();
 * assertEquals(await peer.finish(), "");
 * ```
 */
export function startPeerProcess(peerArgs: readonly string[]): PeerProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: peerProgramArgs(peerArgs),
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let finishing = false;
  const failed = child.status.then(async (status) => {
    if (finishing) return new Promise<never>(() => {});
    throw new Error(
      `El otro extremo de la medición terminó antes de tiempo (código ${status.code}): ${
        (await stderr).trim()
      }`,
    );
  });
  failed.catch(() => {});
  return {
    failed,
    async finish(timeoutMs = 5_000) {
      finishing = true;
      try {
        await withTimeout(
          child.status,
          timeoutMs,
          "que el otro extremo de la medición terminara",
        );
      } catch {
        try {
          child.kill("SIGKILL");
        } catch { /* exited meanwhile */ }
        await child.status;
      }
      return (await stderr).trim();
    },
  };
}
