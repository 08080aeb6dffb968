/**
 * Runs the two FIFO terminal programs (`lib/programs/fifo_reverse_server.ts`
 * and `fifo_reverse_client.ts`) as two real processes from a notebook cell,
 * the way a learner would in two terminals: start the server, read its
 * `[ESCUCHANDO]` line for the directory, run the client with that
 * directory, then collect both transcripts. Every wait is bounded; on a
 * timeout both processes are killed.
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";

/** What one program printed and how it ended. */
export interface ProgramRun {
  /** Its process id. */
  pid: number;
  /** Its stdout and stderr lines, in order per stream. */
  lines: string[];
  /** Its exit code. */
  code: number;
}

const programs = new URL("../programs/", import.meta.url);
const config = new URL("../../deno.json", import.meta.url).pathname;

function denoRun(name: string, permissions: string[], args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${config}`,
      ...permissions,
      new URL(name, programs).pathname,
      ...args,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

const lines = (bytes: Uint8Array) =>
  new TextDecoder().decode(bytes).split("\n").filter((l) => l.length > 0);

/**
 * Starts the FIFO reverse server, sends it `words` from the FIFO client
 * (then `"end"`, which stops the server) and returns both transcripts.
 *
 * @example Two processes, two FIFOs, the server gone afterwards
 * ```ts
 * import { runFifoReversePrograms } from "./fifo_programs.ts";
 * import { assertEquals, assertNotEquals } from "@std/assert";
 *
 * const run = await runFifoReversePrograms(["tubería"]);
 * assertEquals(run.client.lines, ["[INVERTIDO] aírebut", '[FIN] envié "end": el servidor se detiene']);
 * assertNotEquals(run.server.pid, run.client.pid);
 * assertEquals([run.server.code, run.client.code, run.dirRemoved], [0, 0, true]);
 * ```
 */
export async function runFifoReversePrograms(
  words: readonly string[],
  timeoutMs = 15_000,
): Promise<
  { server: ProgramRun; client: ProgramRun; dir: string; dirRemoved: boolean }
> {
  if (
    words.length === 0 ||
    words.some((w) => typeof w !== "string" || w === "end")
  ) {
    throw new TypeError(
      "words debe ser una lista no vacía de strings distintos de «end»",
    );
  }
  const server = denoRun("fifo_reverse_server.ts", [
    "--allow-read",
    "--allow-write",
    "--allow-run=mkfifo",
  ], []);
  const serverErr = new Response(server.stderr).text();
  let client: Deno.ChildProcess | null = null;
  try {
    // Read stdout until the [ESCUCHANDO] line; the rest is read by output().
    const reader = server.stdout.getReader();
    let seen = "";
    const dir = await deadline(
      (async () => {
        while (true) {
          const { value, done } = await reader.read();
          if (done) {
            throw new Deno.errors.UnexpectedEof(
              "el servidor terminó antes de anunciar su FIFO",
            );
          }
          seen += new TextDecoder().decode(value);
          const m = seen.match(/\[ESCUCHANDO\] FIFO en (\S+)\n/);
          if (m) return m[1];
        }
      })(),
      timeoutMs,
      "la línea [ESCUCHANDO] del servidor",
    );
    client = denoRun("fifo_reverse_client.ts", [
      "--allow-read",
      "--allow-write",
    ], [
      "--dir",
      dir,
      ...words.flatMap((w) => ["--message", w]),
      "--end",
    ]);
    const clientOut = await deadline(client.output(), timeoutMs, "el cliente");
    const rest: string[] = [];
    const drain = (async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        rest.push(new TextDecoder().decode(r.value));
      }
    })();
    const [serverStatus] = await deadline(
      Promise.all([server.status, drain]),
      timeoutMs,
      "que el servidor se detuviera",
    );
    const errText = await serverErr;
    const dirRemoved = await Deno.lstat(dir).then(() => false, () => true);
    return {
      dir,
      dirRemoved,
      server: {
        pid: server.pid,
        lines: [
          ...lines(new TextEncoder().encode(seen + rest.join(""))),
          ...errText.split("\n").filter((l) => l.length > 0),
        ],
        code: serverStatus.code,
      },
      client: {
        pid: client.pid,
        lines: [...lines(clientOut.stdout), ...lines(clientOut.stderr)],
        code: clientOut.code,
      },
    };
  } finally {
    for (const child of [server, client]) {
      try {
        child?.kill("SIGKILL");
      } catch {
        // Already finished.
      }
    }
    await server.status;
    await client?.status;
    await serverErr.catch(() => "");
  }
}
