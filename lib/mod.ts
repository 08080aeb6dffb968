/**
 * The kit's public surface: what notebooks import as `../lib/mod.ts`.
 *
 * @module
 */

export * from "./wire/mod.ts";
export * from "./notebook/mod.ts";
export * from "./bench/mod.ts";
export * from "./transports/mod.ts";
export * from "./util/mod.ts";
export * from "./exercises/mod.ts";
export * from "./net/mod.ts";
export * from "./process/mod.ts";
export * from "./patterns/mod.ts";
export * from "./shm/mod.ts";
export * from "./spmd/mod.ts";
export * from "./sync/mod.ts";
export * from "./mq/mod.ts";
