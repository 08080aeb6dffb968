/**
 * What a spawner hands back: the duplex to talk to the peer it started, and
 * the means to end the peer and to know it ended. The worker pool relies on
 * these three and nothing else, so a child process over pipes and a Worker
 * over a MessageChannel are interchangeable to it.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";

/**
 * How a spawned peer ended (a process's `Deno.CommandStatus` is one): on its
 * own terms or not, and a process's exit code and signal (`null` for a Worker).
 */
export interface PeerExit {
  /** Whether it ended on its own terms (exit code 0, or a clean goodbye). */
  success: boolean;
  /** A process's exit code; `null` for a Worker. */
  code: number | null;
  /** The signal that ended a process, or `null`. */
  signal: Deno.Signal | null;
}

/**
 * A peer this process started (a child process, a Worker): the duplex to
 * talk to it, and the means to end it and to know it ended. Disposing it
 * closes the duplex and waits (bounded) for the peer to be gone.
 */
export interface SpawnedPeer extends AsyncDisposable {
  /** The message channel to the peer. */
  readonly duplex: MessageDuplex;
  /** Ends the peer now, with no goodbye; its duplex then ends or fails. */
  kill(): void;
  /** Settles once the peer has ended, however it ended. */
  readonly exited: Promise<PeerExit>;
}
