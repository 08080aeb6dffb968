/**
 * Starting Open MPI jobs (`mpiexec`) from Deno, bounded and captured.
 *
 * @module
 */

import { isAbsolute, resolve } from "@std/path";
import { physicalCores } from "./cores.ts";

/** One app context of a job: `-n ranks command...` (joined by `:`). */
export interface MpiApp {
  ranks: number;
  command: string[];
}

/** Options of {@linkcode buildMpiexecArgs}. */
export interface MpiexecArgsOptions {
  /** Running as root (adds --allow-run-as-root). */
  isRoot: boolean;
  /**
   * Open MPI's default slots on this machine: its processor cores, not its
   * hardware threads (adds --oversubscribe when ranks exceed it).
   */
  cores: number;
  /** Job time limit in seconds for mpiexec's own --timeout. */
  timeoutSeconds?: number;
  /** Extra mpiexec options (e.g. ["--mca", "btl", "tcp,self"]). */
  extra?: string[];
}

/**
 * Builds mpiexec's arguments. Pure, so the root/oversubscribe rules are
 * tested without running anything: --allow-run-as-root only as root,
 * --oversubscribe only when the job has more ranks than Open MPI's slots
 * (physical cores by default, see {@linkcode physicalCores}).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { buildMpiexecArgs } from "./launch.ts";
 *
 * const args = buildMpiexecArgs(
 *   [{ ranks: 1, command: ["python3", "a.py"] }, { ranks: 2, command: ["deno", "run", "b.ts"] }],
 *   { isRoot: false, cores: 2 },
 * );
 * assertEquals(args, ["--oversubscribe", "-n", "1", "python3", "a.py", ":", "-n", "2", "deno", "run", "b.ts"]);
 * ```
 */
export function buildMpiexecArgs(
  apps: readonly MpiApp[],
  options: MpiexecArgsOptions,
): string[] {
  if (apps.length === 0) {
    throw new RangeError("Un trabajo MPI necesita al menos un programa");
  }
  const total = apps.reduce((sum, app) => {
    if (!Number.isInteger(app.ranks) || app.ranks < 1) {
      throw new RangeError(`Número de procesos inválido: ${app.ranks}`);
    }
    if (app.command.length === 0) {
      throw new RangeError("El comando del programa está vacío");
    }
    return sum + app.ranks;
  }, 0);
  const args: string[] = [];
  if (options.isRoot) args.push("--allow-run-as-root");
  if (total > options.cores) args.push("--oversubscribe");
  if (options.timeoutSeconds !== undefined) {
    args.push(
      "--timeout",
      String(Math.max(1, Math.ceil(options.timeoutSeconds))),
    );
  }
  args.push(...(options.extra ?? []));
  apps.forEach((app, i) => {
    if (i > 0) args.push(":");
    args.push("-n", String(app.ranks), ...app.command);
  });
  return args;
}

/**
 * The command that runs a kit SPMD program as a Deno rank.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { denoRankCommand } from "./launch.ts";
 *
 * assertEquals(denoRankCommand("/p/x.ts", ["7"]).slice(1), ["run", "-A", "/p/x.ts", "7"]);
 * ```
 */
export function denoRankCommand(
  program: string,
  args: string[] = [],
): string[] {
  const path = program.startsWith("file:")
    ? new URL(program).pathname
    : isAbsolute(program)
    ? program
    : resolve(program);
  return [Deno.execPath(), "run", "-A", path, ...args];
}

/**
 * Whether `mpiexec` (Open MPI) can be started here.
 *
 * @example It agrees with the shell's own lookup of `mpiexec`
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { mpiexecAvailable } from "./launch.ts";
 *
 * const shell = await new Deno.Command("sh", {
 *   args: ["-c", "command -v mpiexec"],
 *   stdout: "null",
 * }).output();
 * assertEquals(await mpiexecAvailable(), shell.success);
 * ```
 */
export async function mpiexecAvailable(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("mpiexec", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

/** Options of {@linkcode runMpiJob}. */
export interface MpiJobOptions {
  /** Hard bound of the job in ms (default 60000): then it is killed. */
  timeoutMs?: number;
  /** Extra mpiexec options. */
  extra?: string[];
  /** Extra environment variables for every rank. */
  env?: Record<string, string>;
  /** Working directory of mpiexec. */
  cwd?: string;
  /** Called with the whole standard output so far each time more arrives. */
  onStdout?: (stdout: string) => void;
  /** Aborting it stops the job: SIGTERM to mpiexec, which ends every rank. */
  signal?: AbortSignal;
}

/** What a finished (or killed) job produced. */
export interface MpiJobResult {
  /** mpiexec's exit code. */
  code: number;
  /** True when mpiexec exited with code 0. */
  success: boolean;
  /** True when the job hit its time bound and was stopped. */
  timedOut: boolean;
  /** Every rank's standard output, as mpiexec forwarded it. */
  stdout: string;
  /** Every rank's standard error, plus mpiexec's own messages. */
  stderr: string;
  /** Wall time from starting mpiexec to its end, in ms. */
  elapsedMs: number;
  /** The arguments mpiexec was started with. */
  args: string[];
  /** True when the job was stopped through `signal`. */
  stopped?: boolean;
}

/**
 * Runs an Open MPI job and captures its output. Bounded twice: mpiexec's own
 * --timeout (which stops every rank), and a kill of mpiexec shortly after it
 * in case mpiexec itself hangs. A caller that watches the output as it
 * arrives (`onStdout`) can also stop the job earlier (`signal`).
 *
 * @example A one-rank job (skipped when Open MPI is absent)
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { mpiexecAvailable, runMpiJob } from "./launch.ts";
 *
 * if (await mpiexecAvailable()) {
 *   const job = await runMpiJob([{ ranks: 1, command: ["echo", "hola"] }], { timeoutMs: 20000 });
 *   assertEquals(job.stdout.trim(), "hola");
 * }
 * ```
 */
export async function runMpiJob(
  apps: readonly MpiApp[],
  options: MpiJobOptions = {},
): Promise<MpiJobResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const args = buildMpiexecArgs(apps, {
    isRoot: Deno.uid() === 0,
    cores: physicalCores(),
    timeoutSeconds: timeoutMs / 1000,
    extra: options.extra,
  });
  const started = performance.now();
  const child = new Deno.Command("mpiexec", {
    args,
    cwd: options.cwd,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, timeoutMs + 5000);
  let stopped = false;
  const stop = () => {
    stopped = true;
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
  };
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener("abort", stop);
  const decoder = new TextDecoder();
  let stdout = "";
  // Read as it comes so that `onStdout` sees each line when it is printed.
  const reading = (async () => {
    for await (const chunk of child.stdout) {
      stdout += decoder.decode(chunk, { stream: true });
      options.onStdout?.(stdout);
    }
    stdout += decoder.decode();
  })();
  const stderrText = new Response(child.stderr).text();
  try {
    const status = await child.status;
    await reading;
    const stderr = await stderrText;
    return {
      code: status.code,
      success: status.success,
      timedOut: timedOut ||
        (!status.success && !stopped &&
          performance.now() - started >= timeoutMs),
      stdout,
      stderr,
      elapsedMs: performance.now() - started,
      args,
      ...(options.signal === undefined ? {} : { stopped }),
    };
  } finally {
    clearTimeout(killer);
    options.signal?.removeEventListener("abort", stop);
  }
}
