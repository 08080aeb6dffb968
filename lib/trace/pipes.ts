/**
 * Notebook 03's parent ↔ children run (Taller §1.2), traced at both ends:
 * the parent records its end of each pipe in this process, and each child
 * (`children/task_child.ts`, a real Deno process) records its own end with
 * its own clock and hands the events back as `[traza] …` lines on its
 * stderr. Its stdout carries exactly the frames of the untraced child, so
 * the data wire is untouched. The traces are merged, and `clockTrace`
 * pairs the k-th receive with the k-th send on each pipe: both pipes are
 * FIFO byte streams with framing.
 *
 * @module
 */

import { ChildPipe } from "../transports/pipe.ts";
import { deadline } from "../util/deadline.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { mergeTraces, type Trace, TraceRecorder } from "./events.ts";
import { traceDuplex } from "./duplex.ts";
import { parseTraceLines } from "./lines.ts";

/** What {@linkcode tracePipeChildren} returns. */
export interface PipeChildrenTrace {
  /** Parent's and children's events together. */
  trace: Trace;
  /** The children's process ids, in order. */
  pids: number[];
  /** The children's exit codes, in order. */
  codes: number[];
  /** What the parent received, in order. */
  replies: string[];
}

/** Starts the traced task child with stdin/stdout as framed pipes and stderr captured. */
function spawnTracedChild(
  id: number,
): { child: ChildPipe; stderr: Promise<string> } {
  const config = new URL("../../deno.json", import.meta.url).pathname;
  const entry = new URL("./children/task_child.ts", import.meta.url);
  const process = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${config}`,
      entry.href,
      String(id),
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Read stderr from the start: a child blocked on a full stderr pipe would never exit.
  return {
    child: new ChildPipe(process),
    stderr: new Response(process.stderr).text(),
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function expectReply(end: MessageDuplex, who: string): Promise<string> {
  const reply = await end.receive();
  if (reply === null) {
    throw new TypeError(`${who} cerró su tubería antes de responder`);
  }
  return decoder.decode(reply);
}

/**
 * Runs the workshop's parent with `count` real children (one task each,
 * then "FIN"), every pipe end traced, and returns the merged trace.
 *
 * @example Three children: every message on both pipes paired, FIN included
 * ```ts
 * import { tracePipeChildren } from "./pipes.ts";
 * import { clockTrace } from "./clocks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await tracePipeChildren(2);
 * assertEquals(run.codes, [0, 0]);
 * const t = clockTrace(run.trace);
 * assertEquals(t.processes.sort(), ["hijo 0", "hijo 1", "padre"]);
 * assertEquals(t.unmatchedReceives, 0);
 * // Per child: task, result, FIN, goodbye and the child's end of stream.
 * assertEquals(t.messages.filter((m) => m.receives.length === 1).length, 2 * 5);
 * ```
 */
export async function tracePipeChildren(
  count = 3,
  options: { timeoutMs?: number } = {},
): Promise<PipeChildrenTrace> {
  if (!(Number.isInteger(count) && count >= 1 && count <= 6)) {
    throw new RangeError(`Entre 1 y 6 procesos hijos, no ${count}`);
  }
  const timeoutMs = options.timeoutMs ?? 20_000;
  const recorder = new TraceRecorder();
  const spawned = Array.from(
    { length: count },
    (_, id) => spawnTracedChild(id),
  );
  const ends = spawned.map(({ child }, id) =>
    traceDuplex(child, recorder, { self: "padre", peer: `hijo ${id}` })
  );
  const replies: string[] = [];
  try {
    await deadline(
      (async () => {
        for (const [i, end] of ends.entries()) {
          await end.send(encoder.encode(`Tarea ${i + 1}`));
        }
        for (const [i, end] of ends.entries()) {
          replies.push(await expectReply(end, `El hijo ${i}`));
        }
        for (const [i, end] of ends.entries()) {
          await end.send(encoder.encode("FIN"));
          replies.push(await expectReply(end, `El hijo ${i}`));
        }
        // The child's end of stream arrives as a null: traced as its EOF.
        for (const end of ends) await end.receive();
      })(),
      timeoutMs,
      "los procesos hijos trazados",
    );
  } finally {
    // Closed untraced: by now each child has exited, nobody reads this EOF.
    await Promise.all(spawned.map(({ child }) => child.close()));
  }
  const statuses = await Promise.all(spawned.map(({ child }) => child.status));
  const childTraces = await Promise.all(
    spawned.map(async ({ stderr }) =>
      parseTraceLines(await deadline(stderr, timeoutMs, "la traza de un hijo"))
        .trace
    ),
  );
  return {
    trace: mergeTraces([recorder.trace(), ...childTraces]),
    pids: spawned.map(({ child }) => child.pid),
    codes: statuses.map((s) => s.code),
    replies,
  };
}
