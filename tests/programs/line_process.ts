/**
 * Test helper: a child program whose stdout is read line by line, so a test
 * can wait for "[ESCUCHANDO] …" before starting a client, then stop it with
 * SIGTERM and check how it ended. Every wait is bounded.
 */

const decoder = new TextDecoder();

/** A running child with its stdout lines. */
export interface LineProcess extends AsyncDisposable {
  readonly lines: string[];
  /** Waits (bounded) for a line matching `pattern`; returns its match. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` (when still running) and waits for the exit. */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
  /** Waits for a natural exit (bounded). */
  exited(timeoutMs?: number): Promise<Deno.CommandStatus>;
  readonly stderr: () => string;
}

/** Starts `command args…` with stdout/stderr piped. */
export function startLineProcess(
  command: string,
  args: string[],
  options: { stdin?: "piped" | "null" } = {},
): LineProcess & { child: Deno.ChildProcess } {
  const child = new Deno.Command(command, {
    args,
    stdout: "piped",
    stderr: "piped",
    stdin: options.stdin ?? "null",
  }).spawn();
  const lines: string[] = [];
  let wake = null as (() => void) | null;
  let errText = "";
  const stdoutDone = (async () => {
    let pending = "";
    for await (const chunk of child.stdout) {
      pending += decoder.decode(chunk, { stream: true });
      let newline;
      while ((newline = pending.indexOf("\n")) >= 0) {
        lines.push(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
      wake?.();
    }
    if (pending) lines.push(pending);
    wake?.();
  })();
  const stderrDone = (async () => {
    for await (const chunk of child.stderr) errText += decoder.decode(chunk);
  })();
  let status: Deno.CommandStatus | null = null;
  const statusPromise = child.status.then((s) => (status = s));
  const bounded = async <T>(promise: Promise<T>, ms: number, what: string) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `Timed out after ${ms} ms: ${what}\n${
                    lines.join("\n")
                  }\n${errText}`,
                ),
              ),
            ms,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  const exited = async (timeoutMs = 15_000) => {
    const s = await bounded(statusPromise, timeoutMs, `${command} to exit`);
    await Promise.all([stdoutDone, stderrDone]);
    return s;
  };
  const self = {
    child,
    lines,
    stderr: () => errText,
    async waitFor(pattern: RegExp, timeoutMs = 15_000) {
      const search = async () => {
        let seen = 0;
        while (true) {
          for (; seen < lines.length; seen++) {
            const match = lines[seen].match(pattern);
            if (match) return match;
          }
          if (status !== null) {
            await stdoutDone;
            if (seen >= lines.length) {
              throw new Error(
                `Exited before printing ${pattern}: ${
                  lines.join("\n")
                }\n${errText}`,
              );
            }
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            statusPromise.then(() => resolve());
          });
        }
      };
      return await bounded(search(), timeoutMs, `a line matching ${pattern}`);
    },
    async stop(signal: Deno.Signal = "SIGTERM") {
      if (status === null) {
        try {
          child.kill(signal);
        } catch {
          // Already gone.
        }
      }
      return await exited();
    },
    exited,
    async [Symbol.asyncDispose]() {
      if (status === null) await self.stop("SIGKILL").catch(() => {});
      await Promise.all([stdoutDone, stderrDone]).catch(() => {});
    },
  };
  return self;
}

/** `deno run -A lib/programs/<name>.ts args…` */
export function startProgram(
  name: string,
  args: string[],
  options?: { stdin?: "piped" | "null" },
) {
  return startLineProcess(Deno.execPath(), [
    "run",
    "-A",
    new URL(`../../lib/programs/${name}.ts`, import.meta.url).pathname,
    ...args,
  ], options);
}

/** `python3 lib/programs/python/<name>.py args…` */
export function startPython(name: string, args: string[]) {
  return startLineProcess("/usr/bin/python3", [
    new URL(`../../lib/programs/python/${name}.py`, import.meta.url).pathname,
    ...args,
  ]);
}
