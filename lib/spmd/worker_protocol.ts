/**
 * Messages between `spmd()` and its Worker ranks.
 *
 * @module
 */

/** Parent → rank: everything one rank needs to start. */
export interface RankStart {
  rank: number;
  ports: (MessagePort | null)[];
  programUrl: string;
  args: string[];
  timeoutMs: number;
}

/** Rank → parent: a captured console line, the result, or the error. */
export type RankMessage =
  | { type: "line"; stream: "stdout" | "stderr"; text: string }
  | { type: "done"; result: unknown }
  | { type: "error"; message: string; stack?: string };
