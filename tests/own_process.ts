/**
 * Runs a test module in a child `deno test`: its own process, its own environment.
 *
 * Why: `deno task test` runs test modules in parallel inside one process, and
 * some state is process-wide. A test that must see an environment variable set
 * (KIT_PYTHON pointing nowhere, KIT_PROGRESS_FILE at a temp file) would leak it
 * into every module running beside it (a notebook test reads KIT_PYTHON to find
 * Jupyter); a test that counts this process's descriptors in /proc/self/fd
 * would count its neighbours' sockets. So such a test lives in a `*_case.ts`
 * module, which `deno test` does not collect by itself, and a regular test runs
 * it here, in a child whose environment is the parent's plus `env`. The child's
 * output is shown on failure.
 */
import { assert } from "@std/assert";

const CONFIG = new URL("../deno.json", import.meta.url).pathname;

/** Runs `caseModule` with `deno test` in a child process with `env` added; fails, showing the child's output, unless every test passed. */
export async function runInOwnProcess(
  caseModule: URL,
  env: Record<string, string> = {},
): Promise<void> {
  const child = await new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "--allow-all",
      "--sanitize-ops",
      "--sanitize-resources",
      "--config",
      CONFIG,
      caseModule.pathname,
    ],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(120_000),
  }).output();
  const text = new TextDecoder().decode(child.stdout) +
    new TextDecoder().decode(child.stderr);
  assert(child.success, `${caseModule.pathname} failed:\n${text.slice(-4000)}`);
  assert(/\| \d+ passed \| 0 failed/.test(text), text.slice(-2000));
}
