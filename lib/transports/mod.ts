/**
 * One adapter per IPC mechanism, each a {@linkcode MessageDuplex}.
 *
 * @module
 */

export * from "./tcp.ts";
export * from "./unix.ts";
export * from "./udp.ts";
export * from "./pipe.ts";
export * from "./pipeline.ts";
export * from "./channel.ts";
export * from "./worker_duplex.ts";
export * from "./fifo.ts";
export * from "./fifo_race.ts";
export * from "./pipe_children.ts";
export * from "./spawned_peer.ts";
export * from "./listener.ts";
export * from "./ring.ts";
export * from "./ring_worker.ts";
