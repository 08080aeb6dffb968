/**
 * What tests/fixtures/mpi/collectives.ts must print on each rank, computed
 * locally (no communicator), for any job size.
 *
 * @module
 */

/** The expected results of every collective on `rank` of `size`. */
export function collectivesReference(rank: number, size: number) {
  const ranks = Array.from({ length: size }, (_, i) => i);
  return {
    bcast: { from: "root", n: [1, 2] },
    scatter: `parte ${rank} ñ`,
    gather: rank === size - 1
      ? ranks.map((r) => ({ rank: r, square: r * r }))
      : null,
    reduceSum: rank === 0
      ? [
        ranks.reduce((s, r) => s + r + 1, 0),
        ranks.reduce((s, r) => s + 0.5 * r, 0),
      ]
      : null,
    reduceProd: rank === 0 ? ranks.reduce((p, r) => p * (r + 2), 1) : null,
    allreduceMin: 10 - (size - 1),
    allreduceMax: [size - 1, 0],
  };
}

/** Parses the fixture's JSON lines into results by rank. */
export function resultsByRank(output: string): Record<number, unknown> {
  const byRank: Record<number, unknown> = {};
  for (const line of output.split("\n")) {
    if (!line.startsWith('{"rank"')) continue;
    const { rank, results } = JSON.parse(line);
    byRank[rank] = results;
  }
  return byRank;
}
