/**
 * Measurement: statistics and the benchmark protocol over any duplex.
 *
 * @module
 */

export * from "./stats.ts";
export * from "./round_trip.ts";
