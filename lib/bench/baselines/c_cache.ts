/**
 * The compiled C baseline, kept between runs so a notebook cell does not
 * pay the compiler every time. A binary is reused only when it is certainly
 * the one this source and compiler produced: its name carries a hash of the
 * compiler, flags and source (an edited source gets a new name), a side file
 * records the hash of the binary's bytes (a truncated or altered file does
 * not match), and the directory and both files must belong to this user
 * and be writable by no one else (a file planted by another user is never
 * run). Anything else is compiled afresh.
 *
 * @module
 */

import { join } from "@std/path";

/** Compiles `source` into `binary` (the caller's compiler call). */
export type CompileFn = (binary: string) => Promise<void>;

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Ours and writable by no one else (not a symlink). */
async function isPrivate(path: string, kind: "file" | "dir"): Promise<boolean> {
  try {
    const info = await Deno.lstat(path);
    const rightKind = kind === "file" ? info.isFile : info.isDirectory;
    return rightKind && info.uid === Deno.uid() &&
      info.mode !== null && (info.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** The default cache folder: `$XDG_CACHE_HOME` or `~/.cache`, then `ipc-kit`. */
export function defaultCacheDir(): string | null {
  const base = Deno.env.get("XDG_CACHE_HOME") ??
    (Deno.env.get("HOME") ? join(Deno.env.get("HOME")!, ".cache") : null);
  return base === null ? null : join(base, "ipc-kit", "c-baseline");
}

/**
 * The path of a trusted binary for `source` compiled with `key` (compiler
 * and flags), compiling it into `cacheDir` when there is none. Returns
 * `compiled: true` when it had to compile. When `cacheDir` cannot be made
 * private, it rejects with a `TypeError` and the caller compiles without a
 * cache.
 *
 * @example The second call reuses the binary; an edited source does not
 * ```ts
 * import { cachedBinary } from "./c_cache.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const build = (text: string) => async (binary: string) =>
 *   await Deno.writeTextFile(binary, text, { mode: 0o700 });
 * const a = await cachedBinary(dir, "cc -O2", "int main(){}", build("v1"));
 * const b = await cachedBinary(dir, "cc -O2", "int main(){}", build("v1"));
 * const c = await cachedBinary(dir, "cc -O2", "int main(){return 1;}", build("v2"));
 * assertEquals([a.compiled, b.compiled, c.compiled], [true, false, true]);
 * assertEquals(a.path, b.path);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function cachedBinary(
  cacheDir: string,
  key: string,
  source: string,
  compile: CompileFn,
): Promise<{ path: string; compiled: boolean }> {
  await Deno.mkdir(cacheDir, { recursive: true, mode: 0o700 });
  if (!await isPrivate(cacheDir, "dir")) {
    throw new TypeError(
      `La carpeta de caché ${cacheDir} no es privada de este usuario`,
    );
  }
  const name = (await sha256(new TextEncoder().encode(`${key}\0${source}`)))
    .slice(0, 32);
  const path = join(cacheDir, `c_baseline-${name}`);
  const sumPath = `${path}.sha256`;
  if (await isPrivate(path, "file") && await isPrivate(sumPath, "file")) {
    const [bytes, recorded] = await Promise.all([
      Deno.readFile(path),
      Deno.readTextFile(sumPath),
    ]);
    if (await sha256(bytes) === recorded.trim()) {
      return { path, compiled: false };
    }
  }
  // Compiled under a fresh name and renamed into place: a run that stops
  // half-way never leaves a half-written binary under the trusted name.
  const partial = `${path}.${crypto.randomUUID()}.partial`;
  const sumPartial = `${partial}.sha256`;
  try {
    await compile(partial);
    await Deno.chmod(partial, 0o700);
    const sum = await sha256(await Deno.readFile(partial));
    await Deno.writeTextFile(sumPartial, sum, { mode: 0o600 });
    await Deno.rename(partial, path);
    await Deno.rename(sumPartial, sumPath);
  } finally {
    await Deno.remove(partial).catch(() => {});
    await Deno.remove(sumPartial).catch(() => {});
  }
  return { path, compiled: true };
}
