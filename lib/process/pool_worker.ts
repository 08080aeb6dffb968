/**
 * Worker entry of {@linkcode ParallelPool}: announces it is ready, then
 * runs one share of the busy-work job per message, each after waiting at
 * that run's start gate. Unlike the one-shot thread protocol, it stays
 * alive between runs, so repeated measurements pay start-up only once.
 *
 * @module
 */

import { busyWork } from "./busy_work.ts";

interface PoolJob {
  iterations: number;
  seed: number;
  /** Int32 [open (0/1), workers ready]. */
  gate: SharedArrayBuffer;
}

const scope = globalThis as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<PoolJob>) => void) | null;
};

scope.onmessage = (event) => {
  const { iterations, seed, gate } = event.data;
  const cells = new Int32Array(gate);
  Atomics.add(cells, 1, 1);
  const deadline = performance.now() + 30_000;
  while (Atomics.load(cells, 0) === 0) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      scope.postMessage({ error: "La señal de partida nunca se abrió" });
      return;
    }
    Atomics.wait(cells, 0, 0, remaining);
  }
  scope.postMessage({ checksum: busyWork(iterations, seed) });
};
scope.postMessage({ ready: true });
