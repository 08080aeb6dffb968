/**
 * Measurement: statistics, the benchmark protocol over any duplex, the pair
 * registry of the kit's transports, and the Python and C baselines.
 *
 * @module
 */

export * from "./stats.ts";
export * from "./round_trip.ts";
export * from "./protocol.ts";
export * from "./throughput.ts";
export * from "./pairs.ts";
export * from "./pairs_process.ts";
export * from "./pairs_pipe.ts";
export * from "./pairs_worker.ts";
export * from "./kit_pairs.ts";
export * from "./suite.ts";
export * from "./kit_isolated.ts";
export * from "./records.ts";
export * from "./comparisons.ts";
export * from "./report.ts";
export * from "./strategies.ts";
export * from "./strategy_gap.ts";
export * from "./wait_costs.ts";
export * from "./figure_words.ts";
export * from "./pairs_each.ts";
export * from "./sizes.ts";
export * from "./benchmark.ts";
export * from "./baseline_comparison.ts";
export * from "./baselines/runner.ts";
export * from "./baselines/python_runner.ts";
export * from "./baselines/c_runner.ts";
export * from "./workshop.ts";
export * from "./mpi_bench.ts";
export * from "./task_patterns.ts";
export * from "./creation_cost.ts";
export * from "./mechanism_comparison.ts";
export * from "./tcp_vs_udp.ts";
export * from "./pingpong.ts";
export * from "./mpi_compare.ts";
export * from "./measure_parallelism.ts";
