/**
 * The test suite's wall time for `deno task bench:curso --pruebas`: an older
 * checkout with the serial command of the day issue 18 was filed, beside
 * this checkout's `deno task test`, in one run.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";
import { withBaselineTree } from "./baseline_tree.ts";

/** `deno task test` when issue 18 was filed: lib's examples and tests/ in one serial run. */
export const SERIAL_TEST_ARGS = [
  "test",
  "--allow-all",
  "--sanitize-ops",
  "--sanitize-resources",
  "--doc",
  "lib/",
  "tests/",
];

interface SuiteTime {
  minutes: number;
  passed: number | null;
  success: boolean;
}

/** A test command (default `deno task test`) in the checkout at `root`: wall time and the passed count deno test printed. */
async function timeSuiteIn(
  root: string,
  args: string[] = ["task", "test"],
): Promise<SuiteTime> {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(3_600_000),
  }).output();
  const minutes = (performance.now() - started) / 60_000;
  const text = new TextDecoder().decode(out.stdout);
  // One summary line per `deno test` the task ran: add them up.
  const counts = [...text.matchAll(/\| (\d+) passed \|/g)].map((m) =>
    Number(m[1])
  );
  return {
    minutes,
    passed: counts.length ? counts.reduce((a, b) => a + b, 0) : null,
    success: out.success,
  };
}

function suiteLine(label: string, time: SuiteTime): string {
  return `  ${label.padEnd(8)} ${formatNumber(time.minutes, 1)} min, ${
    time.passed === null ? "?" : formatNumber(time.passed)
  } pruebas pasaron (${time.success ? "verde" : "con fallas"})`;
}

/**
 * Prints the test suite's wall time and passed count in the checkout of
 * `beforeRef` (run with {@linkcode SERIAL_TEST_ARGS}, the command of the
 * day issue 18 was filed) and in `root` (`deno task test`), and how much
 * less time the second took. Nothing is asserted: the figures are printed.
 *
 * @example Without a usable "before", only "después" is timed (not run here: it takes minutes)
 * ```ts ignore
 * import { timeTests } from "./suite_timing.ts";
 * await timeTests(new URL("../../", import.meta.url).pathname, "83fb2e1");
 * ```
 */
export async function timeTests(
  root: string,
  beforeRef: string,
): Promise<void> {
  try {
    const before = await withBaselineTree(
      root,
      beforeRef,
      (root) => timeSuiteIn(root, SERIAL_TEST_ARGS),
    );
    console.log(suiteLine("antes", before));
    const after = await timeSuiteIn(root);
    console.log(suiteLine("después", after));
    const perTest = (t: SuiteTime) => (60 * t.minutes) / (t.passed ?? NaN);
    console.log(
      `  ${
        formatNumber(100 * (1 - after.minutes / before.minutes), 0)
      } % menos tiempo; por prueba ${
        formatNumber(perTest(before), 2)
      } s antes, ${formatNumber(perTest(after), 2)} s después`,
    );
  } catch (error) {
    console.log(`  (sin "antes": ${(error as Error).message})`);
    console.log(suiteLine("después", await timeSuiteIn(root)));
  }
}
