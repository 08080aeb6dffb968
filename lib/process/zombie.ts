/**
 * A zombie, shown for real. A process that has ended keeps its row in the
 * process table (state Z) until its parent collects its exit status with
 * wait() — `join` in the class. Deno reaps its own children immediately, so
 * the demonstration needs a parent that does NOT: a small `sh` child that
 * starts `sleep 0` in the background and then blocks reading stdin. The
 * sleep ends at once and stays a zombie under the shell; writing a line to
 * the shell makes it run `wait`, which reaps it, and the row disappears.
 *
 * @module
 */

import { ChildHandle } from "./child.ts";
import { delay } from "./timing.ts";
import { listProcesses, type ProcStat, readProcStat } from "./proc_fs.ts";

const NON_REAPING_PARENT = "sleep 0 & read _line; wait; echo reaped";

/**
 * Creates a zombie and returns once /proc shows it in state Z (bounded): a
 * live demonstration, so the reader can look, then reap. Disposing it reaps
 * the zombie and ends the shell.
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
export async function createZombie(timeoutMs = 3000): Promise<{
  /** The shell that does not wait (a child of this process). */
  readonly parent: ChildHandle;
  /** The ended-but-unreaped child, as /proc shows it (state "Z"). */
  readonly zombie: ProcStat;
  /** Lets the shell call wait(); resolves with the zombie's row afterwards (null: gone). */
  reap(): Promise<ProcStat | null>;
  /** Reaps the zombie (if not yet) and ends the shell. */
  [Symbol.asyncDispose](): Promise<void>;
}> {
  const parent = new ChildHandle("sh", ["-c", NON_REAPING_PARENT], {
    pipeStdin: true,
  });
  const deadline = performance.now() + timeoutMs;
  let zombie: ProcStat | undefined;
  while (!zombie && performance.now() < deadline && parent.alive) {
    zombie = listProcesses().find((p) =>
      p.ppid === parent.pid && p.state === "Z"
    );
    if (!zombie) await delay(5);
  }
  if (!zombie) {
    await parent[Symbol.asyncDispose]();
    throw new Error(`No zombie appeared within ${timeoutMs} ms`);
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
