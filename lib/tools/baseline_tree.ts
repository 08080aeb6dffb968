/**
 * An older commit of this kit checked out beside the working tree, so a
 * benchmark can time "before" and "after" in one run on one machine instead
 * of quoting a figure from another day. `git worktree add --detach` into a
 * temp dir this module creates, removed again (`git worktree remove`) when
 * the callback settles.
 *
 * @module
 */

/** Why an older checkout could not be made (no git, not a clone, unknown commit). */
export class BaselineTreeError extends Error {
  override name = "BaselineTreeError";
}

async function git(
  args: string[],
  cwd: string,
): Promise<{ ok: boolean; text: string }> {
  try {
    const out = await new Deno.Command("git", {
      args,
      cwd,
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(120_000),
    }).output();
    const dec = new TextDecoder();
    return {
      ok: out.success,
      text: (dec.decode(out.stdout) + dec.decode(out.stderr)).trim(),
    };
  } catch (error) {
    return { ok: false, text: (error as Error).message };
  }
}

/**
 * Checks out `ref` of the repository at `repo` into a fresh temp dir, runs
 * `body` with that dir, and removes the checkout afterwards, whatever `body`
 * did. Throws {@linkcode BaselineTreeError} (in Spanish) when the checkout
 * cannot be made.
 *
 * @example This kit's own HEAD, checked out and gone again
 * ```ts
 * import { withBaselineTree } from "./baseline_tree.ts";
 * import { assert } from "@std/assert";
 *
 * const repo = new URL("../../", import.meta.url).pathname;
 * let seen = "";
 * try {
 *   await withBaselineTree(repo, "HEAD", async (dir) => {
 *     seen = dir;
 *     assert((await Deno.stat(`${dir}/deno.json`)).isFile);
 *   });
 *   assert(seen !== "");
 *   assert(!(await Deno.stat(seen).then(() => true, () => false)));
 * } catch (error) {
 *   // A copy of the kit without its git history cannot check anything out.
 *   assert(error instanceof Error && error.name === "BaselineTreeError");
 * }
 * ```
 */
export async function withBaselineTree<T>(
  repo: string,
  ref: string,
  body: (dir: string) => Promise<T>,
): Promise<T> {
  if (!/^[\w./-]+$/.test(ref) || ref.startsWith("-")) {
    throw new RangeError(`Referencia de git inválida: ${JSON.stringify(ref)}`);
  }
  const parent = await Deno.makeTempDir({ prefix: "kit-antes-" });
  const dir = `${parent}/kit`;
  try {
    const added = await git(["worktree", "add", "--detach", dir, ref], repo);
    if (!added.ok) {
      throw new BaselineTreeError(
        `No se pudo sacar una copia de ${ref} con git worktree: ${
          added.text.split("\n").at(-1)
        }`,
      );
    }
    try {
      return await body(dir);
    } finally {
      await git(["worktree", "remove", "--force", dir], repo);
    }
  } finally {
    await Deno.remove(parent, { recursive: true }).catch(() => {});
  }
}
