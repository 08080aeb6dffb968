/**
 * `deno task lab`: opens the course in Jupyter with the Deno kernel.
 *
 * A learner should need one command. This registers the Deno kernel if
 * Jupyter does not know it yet, makes its Stop button interrupt instead of
 * kill (`interrupt_mode: "message"`, see `kernelspec.ts`), picks JupyterLab
 * when it is installed (else the
 * classic Notebook), opens it on `notebooks/`, and passes any extra arguments
 * through (`deno task lab --no-browser --port 8890`). Without Jupyter it says,
 * in one line, how to install it, and exits non-zero.
 *
 * @module
 */

import { fromFileUrl } from "@std/path";

const NOTEBOOKS_DIR = fromFileUrl(new URL("../../notebooks/", import.meta.url));
const KERNELSPEC_FIX = fromFileUrl(new URL("./kernelspec.ts", import.meta.url));

/** How to reach Jupyter on this machine. */
export interface JupyterInstall {
  /** `lab` when JupyterLab is installed, else `notebook`. */
  app: "lab" | "notebook";
}

async function succeeds(cmd: string, args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, {
      args,
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Finds a Jupyter front end: JupyterLab first, then the classic Notebook.
 * Returns `null` when neither is installed. `jupyter` is the executable to
 * ask (default: `jupyter` on PATH); tests/lab_test.ts asks the real one.
 *
 * @example JupyterLab is asked first; a missing executable is no Jupyter
 * ```ts
 * import { findJupyter } from "./lab.ts";
 * import { assertEquals } from "@std/assert";
 *
 * // `true` succeeds for any arguments, `false` for none.
 * assertEquals(await findJupyter("true"), { app: "lab" });
 * assertEquals(await findJupyter("false"), null);
 * assertEquals(await findJupyter("/no/such/jupyter"), null);
 * ```
 */
export async function findJupyter(
  jupyter = "jupyter",
): Promise<JupyterInstall | null> {
  if (await succeeds(jupyter, ["lab", "--version"])) return { app: "lab" };
  if (await succeeds(jupyter, ["notebook", "--version"])) {
    return { app: "notebook" };
  }
  return null;
}

/**
 * Whether Jupyter lists a kernelspec named `deno`. `jupyter` is the
 * executable to ask (default: `jupyter` on PATH).
 *
 * @example A stand-in `jupyter` that lists only the deno kernelspec
 * ```ts
 * import { denoKernelInstalled } from "./lab.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const fake = `${dir}/jupyter`;
 * await Deno.writeTextFile(
 *   fake,
 *   `#!/bin/sh\necho '{"kernelspecs": {"deno": {"spec": {}}}}'\n`,
 *   { mode: 0o755 },
 * );
 * try {
 *   assertEquals(await denoKernelInstalled(fake), true);
 *   assertEquals(await denoKernelInstalled("false"), false);
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function denoKernelInstalled(
  jupyter = "jupyter",
): Promise<boolean> {
  try {
    const out = await new Deno.Command(jupyter, {
      args: ["kernelspec", "list", "--json"],
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!out.success) return false;
    const specs = JSON.parse(new TextDecoder().decode(out.stdout)) as {
      kernelspecs?: Record<string, unknown>;
    };
    return Boolean(specs.kernelspecs?.deno);
  } catch {
    return false;
  }
}

/**
 * The command line that opens the course (pure, so it is testable).
 *
 * @example
 * ```ts
 * import { labCommand } from "./lab.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const args = labCommand({ app: "notebook" }, "/curso/notebooks", ["--no-browser"], false);
 * assertEquals(args, ["notebook", "--notebook-dir=/curso/notebooks", "--no-browser"]);
 * // Jupyter refuses to run as root unless told; the kit tells it only then
 * assertEquals(labCommand({ app: "lab" }, "/n", [], true), ["lab", "--notebook-dir=/n", "--allow-root"]);
 * ```
 */
export function labCommand(
  install: JupyterInstall,
  notebooksDir: string,
  extra: readonly string[],
  asRoot: boolean,
): string[] {
  const root = asRoot && !extra.includes("--allow-root")
    ? ["--allow-root"]
    : [];
  return [install.app, `--notebook-dir=${notebooksDir}`, ...extra, ...root];
}

/** Message shown when Jupyter is missing (one line, Spanish: learners read it). */
export const MISSING_JUPYTER_MESSAGE =
  "No encontré Jupyter: instálalo con `pip install jupyterlab` (o en Debian/Ubuntu `sudo apt install jupyter-notebook`) y vuelve a ejecutar `deno task lab`.";

async function main(): Promise<number> {
  const install = await findJupyter();
  if (!install) {
    console.error(MISSING_JUPYTER_MESSAGE);
    return 1;
  }
  if (!(await denoKernelInstalled())) {
    console.error(
      "[kit] Registrando el kernel de Deno en Jupyter (deno jupyter --install)…",
    );
    const ok = await succeeds(Deno.execPath(), ["jupyter", "--install"]);
    if (!ok) {
      console.error(
        "No pude registrar el kernel de Deno: ejecuta `deno jupyter --install` y revisa el error.",
      );
      return 1;
    }
  }
  // A child with its own narrow permissions: the lab task itself may not read
  // or write files, and editing a kernelspec needs both.
  const fixed = await succeeds(Deno.execPath(), [
    "run",
    "--allow-run=jupyter",
    "--allow-read",
    "--allow-write",
    KERNELSPEC_FIX,
  ]);
  if (!fixed) {
    console.error(
      '[kit] No pude poner interrupt_mode "message" en el kernel de Deno: el botón Stop reiniciará el kernel en vez de detener la celda (prueba `deno run -A lib/tools/kernelspec.ts`).',
    );
  }
  const child = new Deno.Command("jupyter", {
    args: labCommand(install, NOTEBOOKS_DIR, Deno.args, Deno.uid() === 0),
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const forward = (signal: Deno.Signal) => () => {
    try {
      child.kill(signal);
    } catch { /* already gone */ }
  };
  const onTerm = forward("SIGTERM");
  const onInt = forward("SIGINT");
  Deno.addSignalListener("SIGTERM", onTerm);
  Deno.addSignalListener("SIGINT", onInt);
  const status = await child.status;
  Deno.removeSignalListener("SIGTERM", onTerm);
  Deno.removeSignalListener("SIGINT", onInt);
  return status.code;
}

if (import.meta.main) Deno.exit(await main());
