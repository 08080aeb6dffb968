/**
 * A zombie, shown for real. A process that has ended keeps its row in the
 * process table (state Z) until its parent collects its exit status with
 * wait() — `join` in the class. Deno reaps its own children at once, so the
 * demonstration needs a parent that does NOT: the kit's small Python program
 * (zombie_parent.py) forks a child that exits immediately, tells us the
 * child's pid, and blocks reading stdin. The child stays a zombie under it;
 * writing a line makes the program call waitpid(), which reaps the child,
 * and its row disappears.
 *
 * The kit controls that parent, so the demonstration does not depend on
 * which shell `sh` is (bash, unlike dash, may reap a background job by
 * itself before anyone calls `wait`).
 *
 * @module
 */

import { ChildHandle } from "./child.ts";
import { delay } from "./timing.ts";
import { type ProcStat, readProcStat } from "./proc_fs.ts";

const NON_REAPING_PARENT = decodeURIComponent(
  new URL("./zombie_parent.py", import.meta.url).pathname,
);

/** Why it exists: a live zombie, its parent, and the way to reap it. */
export interface ZombieDemo extends AsyncDisposable {
  /** The program that does not wait (a child of this process). */
  readonly parent: ChildHandle;
  /** The ended-but-unreaped child, as /proc showed it (state "Z"). */
  readonly zombie: ProcStat;
  /** Lets the parent call waitpid(); resolves with the zombie's row afterwards (null: gone). */
  reap(): Promise<ProcStat | null>;
}

/**
 * Creates a zombie and returns once /proc shows it in state Z (bounded): a
 * live demonstration, so the reader can look, then reap. Disposing it reaps
 * the zombie and ends its parent.
 *
 * @example A zombie exists until its parent reaps it
 * ```ts
 * import { createZombie } from "./zombie.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using demo = await createZombie();
 * assertEquals(demo.zombie.state, "Z");
 * assertEquals(demo.zombie.ppid, demo.parent.pid);
 * assertEquals(await demo.reap(), null);
 * ```
 */
export async function createZombie(
  timeoutMs = 5000,
  python = "python3",
): Promise<ZombieDemo> {
  let parent: ChildHandle;
  try {
    parent = new ChildHandle(python, [NON_REAPING_PARENT], {
      pipeStdin: true,
    });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Para mostrar un zombi el kit necesita ${python} (no se encontró)`,
      );
    }
    throw error;
  }
  const deadline = performance.now() + timeoutMs;
  let zombie: ProcStat | null = null;
  while (!zombie && performance.now() < deadline && parent.alive) {
    const pid = Number(parent.stdoutSoFar.split("\n")[0]);
    const row = parent.stdoutSoFar.includes("\n") && Number.isInteger(pid)
      ? readProcStat(pid)
      : null;
    if (row?.state === "Z" && row.ppid === parent.pid) zombie = row;
    else await delay(5);
  }
  if (!zombie) {
    await parent[Symbol.asyncDispose]();
    throw new Error(
      `No apareció un zombi en ${timeoutMs} ms (salida del padre: ${
        JSON.stringify(parent.stdoutSoFar.slice(0, 200))
      })`,
    );
  }
  const found = zombie;
  let reaped: Promise<ProcStat | null> | null = null;
  const reap = () => {
    reaped ??= (async () => {
      await parent.write("\n");
      await parent.closeStdin();
      await parent.join(timeoutMs);
      return readProcStat(found.pid);
    })();
    return reaped;
  };
  return {
    parent,
    zombie: found,
    reap,
    async [Symbol.asyncDispose]() {
      await reap().catch(() => {});
      await parent[Symbol.asyncDispose]();
    },
  };
}
