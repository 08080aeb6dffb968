/**
 * Processes and threads: child processes with Deno.Command, the process
 * table from /proc, zombies, Worker threads, and what they cost.
 *
 * @module
 */

export * from "./errors.ts";
export * from "./proc_fs.ts";
export * from "./process_tree.ts";
export * from "./child.ts";
export * from "./reporting_child.ts";
export * from "./zombie.ts";
export * from "./thread_protocol.ts";
export * from "./thread.ts";
export * from "./busy_work.ts";
export * from "./parallelism.ts";
export * from "./parallel_pool.ts";
export * from "./machine.ts";
export * from "./signal_exit.ts";
export * from "./os_creation.ts";
export * from "./ch01_sentences.ts";
export * from "./measured_quiz.ts";
