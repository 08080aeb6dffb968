/**
 * Small shared utilities.
 *
 * @module
 */

export * from "./random.ts";
