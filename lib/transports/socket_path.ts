/**
 * Claiming a Unix socket's path: the file-system half of a Unix listener.
 *
 * A socket's address is a file, so a server must not take a path another
 * server is listening on, must not delete what is not its own, and must not
 * let the umask decide who may connect. Every Unix listener of the kit (both
 * tiers, and the connection server) binds through {@linkcode bindSocketPath}.
 *
 * @module
 */

import { dirname, join } from "@std/path";
import { deadline } from "../util/deadline.ts";

/** Who may connect: the owner only (default), or the owner and its group. */
export type SocketMode = 0o600 | 0o660;

/** Where to bind, and who may connect. */
export interface SocketPathOptions {
  /** Socket path; default `<private temp dir>/kit.sock`. */
  path?: string;
  /** Permissions of the socket file (default `0o600`). */
  mode?: SocketMode;
}

/** A bound listener, the path clients connect to, and how to give it back. */
export interface BoundSocketPath<L> {
  readonly listener: L;
  readonly path: string;
  /** Removes the socket if it is still this listener's (and its private dir). */
  release(): void;
}

/** How long a connect may take to tell a live server from a stale file. */
const PROBE_MS = 1000;

/**
 * Creates a private directory (mode 0700: nobody else can connect) and
 * returns a socket path in it.
 *
 * @example
 * ```ts
 * import { privateSocketPath } from "./socket_path.ts";
 * import { assert } from "@std/assert";
 *
 * const path = await privateSocketPath("demo.sock");
 * assert(path.endsWith("/demo.sock"));
 * await Deno.remove(path.slice(0, -"/demo.sock".length));
 * ```
 */
export async function privateSocketPath(name = "kit.sock"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "ipc-kit-" });
  await Deno.chmod(dir, 0o700);
  return join(dir, name);
}

/**
 * Makes `path` free for a new server: a missing path is fine, a socket left
 * by a server that died is removed; a socket a server still listens on is
 * `Deno.errors.AddrInUse`, and any other kind of file is a `TypeError`: the
 * kit never deletes what is not a dead socket.
 *
 * @example A missing path is not an error; a regular file is refused
 * ```ts
 * import { removeStaleSocket } from "./socket_path.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await removeStaleSocket("/nonexistent/kit.sock");
 * const file = await Deno.makeTempFile();
 * await assertRejects(() => removeStaleSocket(file), TypeError);
 * await Deno.remove(file);
 * ```
 */
export async function removeStaleSocket(path: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (!info.isSocket) {
    throw new TypeError(`No reemplazo ${path}: no es un socket`);
  }
  if (await isLive(path)) {
    throw new Deno.errors.AddrInUse(
      `La ruta de socket ${path} la usa un servidor en ejecución`,
    );
  }
  await Deno.remove(path);
}

/** Only a refused connect proves nobody listens; anything else counts as live. */
async function isLive(path: string): Promise<boolean> {
  const connecting = Deno.connect({ transport: "unix", path });
  try {
    (await deadline(connecting, PROBE_MS, `una conexión a ${path}`)).close();
    return true;
  } catch (error) {
    // A connect that lands after the deadline must still be closed.
    connecting.then((conn) => conn.close(), () => {});
    if (error instanceof Deno.errors.ConnectionRefused) return false;
    if (error instanceof Deno.errors.NotFound) return false;
    return true;
  }
}

/**
 * Binds a Unix listener with `bind` and hands back its path. A given path
 * is bound in a private staging directory next to it, chmod-ed, then
 * hard-linked into place: the umask never decides who may connect, and
 * `link` fails rather than replace a file that appeared since the check.
 * The staging name is what the listener itself unlinks when it closes, so
 * closing never deletes what is at the given path; `release` removes the
 * path only while it is still this socket (same device and inode): a file
 * swapped in meanwhile belongs to someone else and is left alone. (An inode
 * number is reused once freed, so the check means "still ours" only while
 * this listener's socket lives: call `release` right after closing it, as
 * the kit's listeners do.) A server that is found live sees the probe as a
 * connection that closes at once, with no message.
 *
 * @example A live server's path is refused; release frees it
 * ```ts
 * import { bindSocketPath, privateSocketPath } from "./socket_path.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 *
 * const path = await privateSocketPath("live.sock");
 * const listen = (at: string) => Deno.listen({ transport: "unix", path: at });
 * const first = await bindSocketPath({ path }, listen);
 * assertEquals((await Deno.lstat(path)).mode! & 0o777, 0o600);
 * await assertRejects(() => bindSocketPath({ path }, listen), Deno.errors.AddrInUse);
 * first.listener.close();
 * first.release();
 * await Deno.remove(path.slice(0, path.lastIndexOf("/")));
 * ```
 */
export async function bindSocketPath<L extends { close(): void }>(
  options: SocketPathOptions,
  bind: (at: string, release: () => void) => L,
): Promise<BoundSocketPath<L>> {
  const given = options.path;
  if (given !== undefined) await removeStaleSocket(given);
  const path = given ?? await privateSocketPath();
  const staging = given === undefined
    ? undefined
    : await Deno.makeTempDir({ dir: dirname(given), prefix: ".kit-" });
  const at = staging === undefined ? path : join(staging, "s");
  let identity: { dev: number; ino: number | null } | undefined;
  const release = once(() => {
    if (given === undefined) {
      // The private directory is ours; nobody else can have put a file in it.
      removeIfPresent(path);
      removeIfPresent(dirname(path));
    } else if (identity !== undefined && isSame(given, identity)) {
      removeIfPresent(given);
    }
  });
  let listener: L | undefined;
  try {
    listener = bind(at, release);
    await Deno.chmod(at, options.mode ?? 0o600);
    if (given !== undefined) await linkInto(at, given);
    const info = await Deno.lstat(path);
    identity = { dev: info.dev, ino: info.ino };
    return { listener, path, release };
  } catch (error) {
    listener?.close();
    release();
    throw error;
  } finally {
    if (staging !== undefined) await Deno.remove(staging, { recursive: true });
  }
}

/** `link` refuses an existing target; a server that won the race owns it. */
async function linkInto(at: string, path: string): Promise<void> {
  try {
    await Deno.link(at, path);
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    throw new Deno.errors.AddrInUse(
      `Otro proceso tomó la ruta de socket ${path} mientras se asociaba (bind)`,
    );
  }
}

function isSame(
  path: string,
  identity: { dev: number; ino: number | null },
): boolean {
  try {
    const now = Deno.lstatSync(path);
    return now.isSocket === true && now.dev === identity.dev &&
      now.ino === identity.ino;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

function removeIfPresent(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

/**
 * A listener that reports `path` as its address: a listener bound through
 * {@linkcode bindSocketPath} would otherwise report its staging name.
 *
 * @example
 * ```ts
 * import { bindSocketPath, reportingPath } from "./socket_path.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bound = await bindSocketPath(
 *   {},
 *   (at) => Deno.listen({ transport: "unix", path: at }),
 * );
 * const listener = reportingPath(bound.listener, bound.path);
 * assertEquals(listener.addr.path, bound.path);
 * listener.close();
 * bound.release();
 * ```
 */
export function reportingPath(
  listener: Deno.UnixListener,
  path: string,
): Deno.UnixListener {
  const addr: Deno.UnixAddr = { transport: "unix", path };
  return {
    addr,
    accept: () => listener.accept(),
    close: () => listener.close(),
    ref: () => listener.ref(),
    unref: () => listener.unref(),
    [Symbol.asyncIterator]: () => listener[Symbol.asyncIterator](),
    [Symbol.dispose]: () => listener[Symbol.dispose](),
  };
}
