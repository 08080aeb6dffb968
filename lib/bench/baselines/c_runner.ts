/**
 * The C floor, measured in the same run: compiles `c_baseline.c` with `cc`
 * into a private temp dir and runs it (pipe, FIFO, Unix socket, TCP and a
 * shared-memory ring with a futex). Each byte stream also comes in the kit's
 * strategies (`tcp-batch`, `tcp-spin`, `tcp-batch-spin`, `pipe-helper`,
 * `pipe-batch-helper`, …: see `strategies.ts`), spinning as long as the
 * kit's busy-poll sockets do. Compiled with `-pthread` (the `-helper`
 * modes' helper thread).
 *
 * @module
 */

import {
  type BaselineOptions,
  type BaselineResult,
  BaselineUnavailableError,
  DEFAULT_BENCH_SIZES,
  runBaselineProcess,
} from "./runner.ts";
import { BUSY_POLL_WAIT } from "../../fast/wait_policy.ts";
import { cachedBinary, defaultCacheDir } from "./c_cache.ts";

/**
 * Mechanisms of the C baseline a plain run measures, in table order: one
 * call per message, reads asleep in the kernel. Any byte stream also takes
 * the suffixes `-batch`, `-spin`, `-batch-spin`, `-helper` and
 * `-batch-helper`.
 */
export const C_BASELINE_MECHANISMS: readonly string[] = [
  "pipe",
  "fifo",
  "unix",
  "tcp",
  "shm",
];

/** Options of {@linkcode runCBaseline}. */
export interface CBaselineOptions extends BaselineOptions {
  /** The compiler (default `$KIT_CC`, else `cc`). */
  cc?: string;
  /**
   * Where compiled binaries are kept between runs (default
   * `~/.cache/ipc-kit/c-baseline`); `null` compiles every time.
   */
  cacheDir?: string | null;
}

/**
 * The compiler the C baseline uses: the option, else `KIT_CC`, else `cc`.
 *
 * @example
 * ```ts
 * import { cCompiler } from "./c_runner.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(cCompiler({ cc: "/usr/bin/gcc" }), "/usr/bin/gcc");
 * ```
 */
export function cCompiler(options: CBaselineOptions = {}): string {
  return options.cc ?? Deno.env.get("KIT_CC") ?? "cc";
}

const CFLAGS = ["-O2", "-pthread"];

async function compile(cc: string, source: URL, binary: string): Promise<void> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(cc, {
      args: [...CFLAGS, "-o", binary, source.pathname],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    if (
      error instanceof Deno.errors.NotFound ||
      error instanceof Deno.errors.PermissionDenied
    ) {
      throw new BaselineUnavailableError(
        "c",
        `${cc} no está disponible: ${error.message}`,
      );
    }
    throw error;
  }
  if (!output.success) {
    const errors = new TextDecoder().decode(output.stderr).trim().slice(0, 500);
    throw new BaselineUnavailableError(
      "c",
      `${cc} no pudo compilar la línea base de C: ${errors}`,
    );
  }
}

/**
 * The C baseline's binary: from the cache when a trusted one is there (see
 * c_cache.ts), else compiled — into the cache, or into `dir` when there is
 * no usable cache.
 */
async function baselineBinary(
  options: CBaselineOptions,
  dir: string,
): Promise<string> {
  const cc = cCompiler(options);
  const source = new URL("./c_baseline.c", import.meta.url);
  const cacheDir = options.cacheDir === undefined
    ? defaultCacheDir()
    : options.cacheDir;
  if (cacheDir !== null) {
    try {
      const text = await Deno.readTextFile(source);
      const key = [cc, ...CFLAGS].join(" ");
      return (await cachedBinary(
        cacheDir,
        key,
        text,
        (binary) => compile(cc, source, binary),
      )).path;
    } catch (error) {
      // A compiler that fails fails the same way below; only a cache that
      // cannot be used (not private, not writable) falls through to it.
      if (error instanceof BaselineUnavailableError) throw error;
    }
  }
  const binary = `${dir}/c_baseline`;
  await compile(cc, source, binary);
  return binary;
}

/**
 * Compiles (or takes from the cache) and runs the C baseline; the temp dir
 * (FIFOs, socket, an uncached binary) is removed afterwards. Rejects with `BaselineUnavailableError` when there is
 * no working compiler.
 *
 * @example No compiler, no floor
 * ```ts
 * import { runCBaseline } from "./c_runner.ts";
 * import { BaselineUnavailableError } from "./runner.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await assertRejects(
 *   () => runCBaseline({ cc: "/nonexistent/cc" }),
 *   BaselineUnavailableError,
 * );
 * ```
 */
export async function runCBaseline(
  options: CBaselineOptions = {},
): Promise<BaselineResult> {
  const dir = await Deno.makeTempDir({ prefix: "kit-c-baseline-" });
  try {
    const binary = await baselineBinary(options, dir);
    return await runBaselineProcess("c", binary, [
      "--dir",
      dir,
      "--mechanisms",
      (options.mechanisms ?? C_BASELINE_MECHANISMS).join(","),
      "--sizes",
      (options.sizes ?? DEFAULT_BENCH_SIZES).join(","),
      "--duration-ms",
      String(options.durationMs ?? 200),
      "--spin-us",
      String(BUSY_POLL_WAIT.maxSpinMs * 1000),
    ], options);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
