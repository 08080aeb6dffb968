/**
 * Worker entry for the creation-cost measurement: it says hello as soon as
 * it has started, so start-to-first-message is the cost of creating a
 * thread (isolate, event loop, module load) and nothing else.
 *
 * @module
 */

(globalThis as unknown as { postMessage(m: string): void }).postMessage(
  "hola",
);
