/**
 * The kit's measurements, one mechanism per Deno process. Why: V8 compiles
 * the framing's hot calls for the transports it has seen, and a process
 * that measured a dozen transports first runs the last one through call
 * sites that now serve them all. Measured here (Unix socket, both ends
 * asleep in their own calls, one call per 64 B message): 711–794 k msg/s
 * and 12–13 µs round trips alone in a fresh process, 374–686 k and 13–21
 * µs after nine other pairs in the same one. A program that uses one
 * mechanism runs it as the fresh process does, and each C or Python
 * baseline mode runs in a process that compiled nothing else, so the bench
 * measures the kit that way too.
 *
 * @module
 */

import { TextLineStream } from "@std/streams";
import { formatNumber } from "../notebook/number_format.ts";
import type { BenchMissing, BenchRun } from "./records.ts";
import type { KitSuiteLine } from "./kit_suite_program.ts";
import type { KitSuiteOptions, KitSuiteResult } from "./suite.ts";

/** The child program's entry file. */
export const KIT_SUITE_PROGRAM_URL: URL = new URL(
  "./kit_suite_program.ts",
  import.meta.url,
);

/**
 * What the child may do: what `deno task bench` may (peers are child
 * processes; pipes and FIFOs need FFI and a temp dir; sockets the network).
 */
const KIT_SUITE_PERMISSIONS: readonly string[] = [
  "--allow-run",
  "--allow-ffi",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-net",
  "--allow-sys=uid",
];

/** Bound on one mechanism's process (its measurements carry their own). */
const DEFAULT_PROCESS_TIMEOUT_MS = 300_000;

/**
 * One output line of the child, checked field by field (it is parsed as
 * JSON, never evaluated); a `TypeError` says what is wrong.
 *
 * @example
 * ```ts
 * import { parseKitSuiteLine } from "./kit_isolated.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(
 *   parseKitSuiteLine('{"step":{"mechanism":"tcp","size":64}}'),
 *   { step: { mechanism: "tcp", size: 64 } },
 * );
 * assertThrows(() => parseKitSuiteLine("not json"), TypeError);
 * assertThrows(() => parseKitSuiteLine('{"run":{"mechanism":"tcp"}}'), TypeError);
 * ```
 */
export function parseKitSuiteLine(line: string): KitSuiteLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new TypeError(`Línea ilegible de la medición del kit: «${line}»`);
  }
  const object = isObject(value) ? value : {};
  if (isObject(object.step)) {
    const { mechanism, size } = object.step;
    if (typeof mechanism === "string" && isCount(size)) {
      return { step: { mechanism, size } };
    }
  }
  if (isObject(object.run) && isRun(object.run)) return { run: object.run };
  if (isObject(object.missing)) {
    const { mechanism, reason } = object.missing;
    if (typeof mechanism === "string" && typeof reason === "string") {
      return { missing: { runtime: "deno", mechanism, reason } };
    }
  }
  throw new TypeError(`Línea inesperada de la medición del kit: «${line}»`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isFinite(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

const SUMMARY_FIELDS = [
  "min",
  "max",
  "mean",
  "median",
  "p90",
  "p99",
  "stdev",
] as const;

function isRun(
  run: Record<string, unknown>,
): run is BenchRun & Record<string, unknown> {
  const latency = run.latency;
  return typeof run.mechanism === "string" && run.runtime === "deno" &&
    isCount(run.size) && isFinite(run.messagesPerSecond) &&
    isFinite(run.megabytesPerSecond) && isObject(latency) &&
    isCount(latency.count) &&
    SUMMARY_FIELDS.every((field) => isFinite(latency[field]));
}

/**
 * Measures each mechanism in a Deno process of its own (see the module
 * note), one after the other; what a process could not measure, or a
 * process that failed or overran `timeoutMs`, is reported missing.
 *
 * @example The in-memory pair, measured in its own process
 * ```ts
 * import { runKitSuiteIsolated } from "./kit_isolated.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const result = await runKitSuiteIsolated({
 *   mechanisms: ["memory", "no-such-pair"],
 *   sizes: [64],
 *   durationMs: 5,
 * });
 * assertEquals(result.runs.map((r) => [r.mechanism, r.size]), [["memory", 64]]);
 * assertEquals(result.missing.map((m) => m.mechanism), ["no-such-pair"]);
 * ```
 */
export async function runKitSuiteIsolated(
  options: Omit<KitSuiteOptions, "mechanisms"> & {
    /** Mechanisms to measure. */
    mechanisms: readonly string[];
    /** Bound on each mechanism's process, in ms (default 300 s). */
    timeoutMs?: number;
  },
): Promise<KitSuiteResult> {
  const sizes = options.sizes ?? [64, 4096, 1 << 20];
  const durationMs = options.durationMs ?? 200;
  const result: KitSuiteResult = { runs: [], missing: [] };
  for (const mechanism of options.mechanisms) {
    const got = await measureInChild(
      mechanism,
      sizes,
      durationMs,
      options.timeoutMs ?? DEFAULT_PROCESS_TIMEOUT_MS,
      options,
    );
    result.runs.push(...got.runs);
    result.missing.push(...got.missing);
  }
  return result;
}

async function measureInChild(
  mechanism: string,
  sizes: readonly number[],
  durationMs: number,
  timeoutMs: number,
  hooks: Pick<KitSuiteOptions, "onStep" | "onRun">,
): Promise<KitSuiteResult> {
  const config = new URL("../../deno.json", import.meta.url);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const result: KitSuiteResult = { runs: [], missing: [] };
  const miss = (reason: string): BenchMissing => ({
    runtime: "deno",
    mechanism,
    reason,
  });
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--no-prompt",
        `--config=${config.pathname}`,
        ...KIT_SUITE_PERMISSIONS,
        KIT_SUITE_PROGRAM_URL.href,
        mechanism,
        sizes.join(","),
        String(durationMs),
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: abort.signal,
    }).spawn();
    const stderr = new Response(child.stderr).text();
    const lines = child.stdout
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new TextLineStream()) as ReadableStream<string>;
    let badLine: TypeError | null = null;
    for await (const line of lines) {
      if (line.trim() === "" || badLine !== null) continue;
      let parsed: KitSuiteLine;
      try {
        parsed = parseKitSuiteLine(line);
      } catch (error) {
        // Keep reading to the end (the child must not block on a full
        // pipe), but trust nothing more from it.
        badLine = error as TypeError;
        continue;
      }
      if ("step" in parsed) hooks.onStep?.(parsed.step);
      else if ("run" in parsed) {
        result.runs.push(parsed.run);
        hooks.onRun?.(parsed.run);
      } else result.missing.push(parsed.missing);
    }
    const status = await child.status;
    const errors = (await stderr).trim();
    if (badLine !== null) {
      return { runs: [], missing: [miss(badLine.message)] };
    }
    if (!status.success) {
      const why = abort.signal.aborted
        ? `se pasó del plazo de ${formatNumber(timeoutMs)} ms`
        : `terminó con código ${status.code}`;
      result.missing.push(
        miss(`el proceso de medición ${why}: ${errors.slice(0, 500)}`),
      );
    }
    return result;
  } catch (error) {
    return {
      runs: result.runs,
      missing: [...result.missing, miss(String(error))],
    };
  } finally {
    clearTimeout(timer);
  }
}
