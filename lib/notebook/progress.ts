/**
 * The learner's progress, kept in a JSON file that survives kernel restarts:
 * every quiz answered (first try right or not, attempts) and every exercise
 * checked (checks passed of total, when). A grader builds on this record, so
 * its format is versioned and documented here.
 *
 * ## Format, version 1
 *
 * ```json
 * {
 *   "format": "ipc-kit-progreso", "version": 1, "updatedAt": "2025-…Z",
 *   "quizzes": {
 *     "00/q1": { "chapter": "00", "id": "q1", "measured": false,
 *       "attempts": 2, "firstTryRight": false, "solved": true,
 *       "revealed": false, "firstAt": "…", "lastAt": "…", "solvedAt": "…" }
 *   },
 *   "exercises": {
 *     "ej-marco": { "id": "ej-marco", "attempts": 3, "passed": 5, "total": 5,
 *       "bestPassed": 5, "solved": true, "workedShown": false,
 *       "firstAt": "…", "lastAt": "…", "solvedAt": "…" }
 *   }
 * }
 * ```
 *
 * Quizzes are keyed `chapter/id` (ids repeat across notebooks); a measured
 * quiz without a chapter is recorded under `--`. `attempts` counts valid
 * answers (a malformed one is not an attempt); `firstTryRight` is the verdict
 * of the first one; `revealed` says the answer was shown before it was
 * solved. Exercises are keyed by id (unique across the kit, tested); `passed`
 * and `total` are the last run's, `bestPassed` the best run's. Times are
 * ISO 8601 UTC.
 *
 * ## Where, and how it is written
 *
 * `KIT_PROGRESS_FILE` if set (`off` disables recording), else
 * `$XDG_DATA_HOME/ipc-kit/progreso.json`, else
 * `~/.local/share/ipc-kit/progreso.json`. Every change re-reads the file and
 * merges into it under a lock file (`progreso.json.lock`, created
 * exclusively), then writes a temp file and renames it over the old one, so a
 * crash never leaves half a file and two kernels never lose each other's
 * entries. A file that does not parse is renamed aside (`.corrupto-<time>`)
 * and reported in Spanish; a file from a newer format is never overwritten.
 *
 * @module
 */

import { delay } from "@std/async/delay";
import { dirname, join } from "@std/path";
import { WaitTimeoutError } from "../util/deadline.ts";
import { inKernel } from "../util/kernel.ts";
import { formatNumber } from "./number_format.ts";
import {
  emptyProgress,
  PROGRESS_FORMAT,
  PROGRESS_VERSION,
  type ProgressRecord,
  validateProgress,
} from "./progress_format.ts";

export * from "./progress_format.ts";

/** The folder name under the user's data folder. */
export const KIT_DATA_NAME = "ipc-kit";

/** A lock older than this was left by a kernel that died mid-write. */
const STALE_LOCK_MS = 10_000;
/** How long to wait for another kernel's lock. */
const LOCK_WAIT_MS = 3_000;

/**
 * Where progress is recorded, or `null` when recording is off. Outside the
 * kernel (tests, `deno run`) only an explicit `KIT_PROGRESS_FILE` turns it on,
 * so running the tests never touches a learner's record.
 *
 * @example
 * ```ts
 * import { progressFilePath } from "./progress.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(progressFilePath({ KIT_PROGRESS_FILE: "/tmp/p.json" }), "/tmp/p.json");
 * assertEquals(progressFilePath({ KIT_PROGRESS_FILE: "off" }), null);
 * assertEquals(
 *   progressFilePath({ XDG_DATA_HOME: "/d", HOME: "/h" }, true),
 *   "/d/ipc-kit/progreso.json",
 * );
 * assertEquals(progressFilePath({ HOME: "/h" }, false), null);
 * ```
 */
export function progressFilePath(
  env: Readonly<Record<string, string | undefined>>,
  defaultOn = false,
): string | null {
  const explicit = env.KIT_PROGRESS_FILE;
  if (explicit !== undefined && explicit !== "") {
    return explicit === "off" ? null : explicit;
  }
  if (!defaultOn) return null;
  const base = env.XDG_DATA_HOME ||
    (env.HOME ? join(env.HOME, ".local", "share") : null);
  return base ? join(base, KIT_DATA_NAME, "progreso.json") : null;
}

/** What reading the record found. */
export interface ProgressRead {
  /** The record (empty when there was no file). */
  progress: ProgressRecord;
  /** A Spanish note for the learner (a damaged file set aside), if any. */
  warning?: string;
}

function stamp(now: Date): string {
  return now.toISOString().replaceAll(":", "-");
}

/**
 * Reads the record. A missing file is an empty record; a damaged one is
 * renamed aside and reported; a newer format throws (never overwritten).
 *
 * @throws {RangeError} When the file was written by a newer format version.
 *
 * @example A missing file is an empty record
 * ```ts
 * import { readProgress } from "./progress.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const { progress } = await readProgress(`${dir}/progreso.json`);
 * assertEquals(Object.keys(progress.quizzes).length, 0);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readProgress(
  path: string,
  now = new Date(),
): Promise<ProgressRead> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { progress: emptyProgress() };
    }
    throw error;
  }
  let problem: string;
  try {
    return { progress: validateProgress(JSON.parse(text)) };
  } catch (error) {
    if (error instanceof RangeError) throw error;
    problem = error instanceof Error ? error.message : String(error);
  }
  const aside = `${path}.corrupto-${stamp(now)}`;
  await Deno.rename(path, aside);
  return {
    progress: emptyProgress(),
    warning:
      `El archivo de progreso ${path} estaba dañado (${problem}); lo guardé aparte como ${aside} y empecé uno nuevo.`,
  };
}

async function acquireLock(lock: string): Promise<Deno.FsFile> {
  const end = Date.now() + LOCK_WAIT_MS;
  while (true) {
    try {
      return await Deno.open(lock, { createNew: true, write: true });
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    const info = await Deno.stat(lock).catch(() => null);
    if (info?.mtime && Date.now() - info.mtime.getTime() > STALE_LOCK_MS) {
      // Only the kit creates this lock; a stale one outlived its kernel.
      await Deno.remove(lock).catch(() => {});
      continue;
    }
    if (Date.now() > end) {
      throw new WaitTimeoutError(
        `el cerrojo del archivo de progreso ${lock}`,
        LOCK_WAIT_MS,
        `Otro kernel tiene tomado ${lock} hace más de ${
          formatNumber(LOCK_WAIT_MS)
        } ms; no guardé el progreso esta vez.`,
      );
    }
    await delay(5 + Math.random() * 20);
  }
}

/**
 * Changes the record safely: under the lock, re-reads the file, applies
 * `change` to it, writes a temp file and renames it into place.
 *
 * @example Two changes merge
 * ```ts
 * import { readProgress, updateProgress } from "./progress.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/sub/progreso.json`;
 * await updateProgress(path, (p) => { p.exercises.a = { id: "a", attempts: 1, passed: 1, total: 2, bestPassed: 1, solved: false, workedShown: false, firstAt: "t", lastAt: "t", solvedAt: null }; });
 * await updateProgress(path, (p) => { p.exercises.b = { ...p.exercises.a, id: "b" }; });
 * assertEquals(Object.keys((await readProgress(path)).progress.exercises), ["a", "b"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function updateProgress(
  path: string,
  change: (progress: ProgressRecord) => void,
  now = new Date(),
): Promise<ProgressRead> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const lock = await acquireLock(`${path}.lock`);
  try {
    const read = await readProgress(path, now);
    change(read.progress);
    read.progress.updatedAt = now.toISOString();
    read.progress.format = PROGRESS_FORMAT;
    read.progress.version = PROGRESS_VERSION;
    const temp = `${path}.${Deno.pid}-${crypto.randomUUID()}.tmp`;
    try {
      await Deno.writeTextFile(
        temp,
        JSON.stringify(read.progress, null, 1) + "\n",
      );
      await Deno.rename(temp, path);
    } catch (error) {
      await Deno.remove(temp).catch(() => {});
      throw error;
    }
    return read;
  } finally {
    lock.close();
    await Deno.remove(`${path}.lock`).catch(() => {});
  }
}

/**
 * Moves the record aside (`.respaldo-<time>`) so the next answer starts a new
 * one; nothing is deleted. Returns where it went, or `null` if there was none.
 *
 * @example
 * ```ts
 * import { resetProgress } from "./progress.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * assertEquals(await resetProgress(`${dir}/progreso.json`), null);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function resetProgress(
  path: string,
  now = new Date(),
): Promise<string | null> {
  const aside = `${path}.respaldo-${stamp(now)}`;
  await Deno.mkdir(dirname(path), { recursive: true });
  const lock = await acquireLock(`${path}.lock`);
  try {
    await Deno.rename(path, aside);
    return aside;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  } finally {
    lock.close();
    await Deno.remove(`${path}.lock`).catch(() => {});
  }
}

/**
 * Where this process records progress (see `progress.ts`), or `null`.
 *
 * @example
 * ```ts
 * import { activeProgressFile } from "./progress.ts";
 * import { assert } from "@std/assert";
 *
 * const path = activeProgressFile();
 * assert(path === null || path.endsWith(".json") || path.length > 0);
 * ```
 */
export function activeProgressFile(): string | null {
  let env: Record<string, string> = {};
  try {
    env = Deno.env.toObject();
  } catch {
    // No env permission: only the kernel default applies.
  }
  return progressFilePath(env, inKernel());
}

/**
 * Applies a change to the progress record, if recording is on; returns a
 * Spanish warning instead of throwing (saving progress must never break a
 * learner's cell).
 *
 * @example Recording off: nothing happens
 * ```ts
 * import { recordProgress } from "./progress.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await recordProgress(() => {}, null), undefined);
 * ```
 */
export async function recordProgress(
  change: Parameters<typeof updateProgress>[1],
  path: string | null = activeProgressFile(),
): Promise<string | undefined> {
  if (path === null) return undefined;
  try {
    return (await updateProgress(path, change)).warning;
  } catch (error) {
    return `No pude guardar tu progreso en ${path}: ${
      error instanceof Error ? error.message : String(error)
    }`;
  }
}
