/**
 * Makes Jupyter's Stop button interrupt the Deno kernel instead of killing it.
 *
 * `deno jupyter --install` writes a kernelspec without `interrupt_mode`, so
 * Jupyter falls back to `"signal"`: Stop sends SIGINT, the Deno kernel dies
 * and every variable of the session is lost. With `"interrupt_mode":
 * "message"` Jupyter sends an `interrupt_request` on the control channel, the
 * kernel stops a busy synchronous loop and the globals survive.
 *
 * Run `deno run --allow-run=jupyter --allow-read --allow-write
 * lib/tools/kernelspec.ts` to fix the Deno kernelspecs Jupyter knows about;
 * `deno task lab` and `.ci/run` do it for you.
 *
 * @module
 */

/** What happened to one Deno kernelspec. */
export interface KernelspecFix {
  /** The kernelspec's name (`deno` unless installed under another name). */
  name: string;
  /** The `kernel.json` that was inspected. */
  path: string;
  /** `true` when the file was rewritten, `false` when it already said so. */
  changed: boolean;
}

/**
 * Whether a kernelspec's `argv` starts a Deno kernel (`deno jupyter --kernel
 * ...`); any other kernel is left alone.
 *
 * @example
 * ```ts
 * import { isDenoKernelArgv } from "./kernelspec.ts";
 * import { assert } from "@std/assert";
 *
 * assert(isDenoKernelArgv(["/usr/bin/deno", "jupyter", "--kernel", "--conn", "{connection_file}"]));
 * assert(!isDenoKernelArgv(["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"]));
 * ```
 */
export function isDenoKernelArgv(argv: unknown): boolean {
  if (!Array.isArray(argv) || typeof argv[0] !== "string") return false;
  const program = argv[0].split(/[\\/]/).at(-1) ?? "";
  return /^deno(\.exe)?$/.test(program) && argv[1] === "jupyter" &&
    argv.includes("--kernel");
}

/**
 * Sets `"interrupt_mode": "message"` in one `kernel.json`, keeping every
 * other field. Idempotent: a file that already says so is not rewritten.
 * Returns whether the file changed.
 *
 * @example Fixing a kernelspec twice changes it once
 * ```ts
 * import { setMessageInterrupt } from "./kernelspec.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const file = `${dir}/kernel.json`;
 * await Deno.writeTextFile(file, JSON.stringify({ argv: ["deno", "jupyter", "--kernel"], display_name: "Deno" }));
 * assertEquals(await setMessageInterrupt(file), true);
 * assertEquals(await setMessageInterrupt(file), false);
 * const spec = JSON.parse(await Deno.readTextFile(file));
 * assertEquals([spec.interrupt_mode, spec.display_name], ["message", "Deno"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function setMessageInterrupt(path: string): Promise<boolean> {
  const spec = JSON.parse(await Deno.readTextFile(path));
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(
      `La especificación de kernel ${path} no es un objeto JSON`,
    );
  }
  if (spec.interrupt_mode === "message") return false;
  spec.interrupt_mode = "message";
  // Write beside it, then rename: Jupyter never reads a half-written spec.
  const temp = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temp, JSON.stringify(spec, null, 2) + "\n");
  try {
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
  return true;
}

/**
 * Finds every Deno kernelspec Jupyter lists (`jupyter kernelspec list
 * --json`) and sets `"interrupt_mode": "message"` in it. Other kernels are not
 * touched. `env` is passed to `jupyter` (e.g. `JUPYTER_DATA_DIR`).
 *
 * @example The kit's registration step (needs Jupyter; edits the real spec)
 * ```ts ignore
 * import { ensureMessageInterrupt } from "./kernelspec.ts";
 * for (const fix of await ensureMessageInterrupt()) {
 *   console.log(fix.name, fix.changed ? "fixed" : "already fine");
 * }
 * ```
 */
export async function ensureMessageInterrupt(
  options: { env?: Record<string, string> } = {},
): Promise<KernelspecFix[]> {
  const out = await new Deno.Command("jupyter", {
    args: ["kernelspec", "list", "--json"],
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const stderr = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`jupyter kernelspec list falló: ${stderr.slice(-500)}`);
  }
  const listed = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    kernelspecs?: Record<
      string,
      { resource_dir: string; spec?: { argv?: unknown } }
    >;
  };
  const fixes: KernelspecFix[] = [];
  for (const [name, entry] of Object.entries(listed.kernelspecs ?? {})) {
    if (!isDenoKernelArgv(entry.spec?.argv)) continue;
    const path = `${entry.resource_dir}/kernel.json`;
    fixes.push({ name, path, changed: await setMessageInterrupt(path) });
  }
  return fixes;
}

if (import.meta.main) {
  const fixes = await ensureMessageInterrupt();
  if (fixes.length === 0) {
    console.error(
      "No encontré el kernel de Deno en Jupyter: ejecuta `deno jupyter --install`.",
    );
    Deno.exit(1);
  }
  for (const fix of fixes) {
    console.error(
      `[kit] kernel "${fix.name}": interrupt_mode "message" ${
        fix.changed ? "configurado" : "ya estaba"
      } (${fix.path})`,
    );
  }
}
