/**
 * Entry of the kit's reporting child process (started by `spawnReportingChild`).
 *
 * It prints one JSON line saying who it is — its own pid and its parent's
 * pid, from the getpid()/getppid() system calls behind `Deno.pid` and
 * `Deno.ppid` — then "works" for a while and exits with the code it was asked for. With
 * `--graceful` it catches SIGTERM, says so, and exits 0: the difference
 * between terminate (can be handled) and kill (cannot).
 *
 * It runs with no permissions at all: reading /proc/<pid>/stat from Deno
 * needs --allow-all, so the parent (which has it) reads the child's row.
 *
 * Usage: child_main.ts <name> <workMs> <exitCode> [--graceful]
 *
 * @module
 */

/** Why it exists: what the reporting child tells its parent, as JSON. */
export interface ChildReport {
  /** The name the parent gave it. */
  name: string;
  /** Its own pid (getpid()). */
  pid: number;
  /** Parent's pid (getppid()). */
  ppid: number;
}

function report(name: string): ChildReport {
  return { name, pid: Deno.pid, ppid: Deno.ppid };
}

if (import.meta.main) {
  const [name = "hijo", workMs = "0", exitCode = "0", flag] = Deno.args;
  if (flag === "--graceful") {
    Deno.addSignalListener("SIGTERM", () => {
      console.log(JSON.stringify({ name, event: "SIGTERM recibido" }));
      Deno.exit(0);
    });
  }
  console.log(JSON.stringify(report(name)));
  const until = Date.now() + Math.min(Number(workMs) || 0, 60_000);
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  Deno.exit(Number(exitCode) || 0);
}
