/**
 * The POSIX queue demos of notebook 04, between real processes: a Deno
 * child that knows only the queue's name sends messages with priorities and
 * exits; the parent then finds them waiting in the kernel and receives them
 * highest priority first. A second demo lets the child *create* the queue
 * and exit without unlinking it: the queue, and its messages, outlive the
 * process that made them until someone unlinks the name.
 *
 * @module
 */

import type { PosixQueueAttributes } from "./types.ts";
import {
  createPosixQueue,
  openPosixQueue,
  posixQueueExists,
  unlinkPosixQueue,
} from "./open.ts";

/** One message of a demo: its text and priority. */
export interface QueueMessageSpec {
  text: string;
  priority: number;
}

/** Why it exists: what the cross-process demo saw, for the notebook. */
export interface CrossProcessQueueRun {
  queue: string;
  parentPid: number;
  /** The sender's pid, reported by the sender itself. */
  senderPid: number;
  /** In the order the child sent them. */
  sent: QueueMessageSpec[];
  /** Attributes once the sender had exited, before any receive. */
  afterSend: PosixQueueAttributes;
  /** In the order the parent received them. */
  received: QueueMessageSpec[];
  afterReceive: PosixQueueAttributes;
}

/** Why it exists: the persistence demo's observations, step by step. */
export interface QueuePersistenceRun {
  queue: string;
  creatorPid: number;
  /** Did the name still exist after its creator exited? */
  existsAfterCreatorExit: boolean;
  /** Messages waiting then (`mq_curmsgs`). */
  waitingAfterCreatorExit: number;
  received: QueueMessageSpec[];
  /** Did the name exist after the parent unlinked it? */
  existsAfterUnlink: boolean;
}

/** Options of the demos. */
export interface QueueDemoOptions {
  /** Bound on the child's whole run and on each receive (default 20 s). */
  timeoutMs?: number;
}

function checkMessages(messages: readonly QueueMessageSpec[]): void {
  if (messages.length < 1 || messages.length > 10) {
    throw new RangeError(
      `A demo sends 1..10 messages (the default msg_max), not ${messages.length}`,
    );
  }
}

async function runSender(
  mode: "open" | "create",
  name: string,
  messages: readonly QueueMessageSpec[],
  timeoutMs: number,
): Promise<{ pid: number }> {
  const config = new URL("../../deno.json", import.meta.url);
  const entry = new URL("./children/mq_sender.ts", import.meta.url);
  const signal = AbortSignal.timeout(timeoutMs);
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${config.pathname}`,
      "--allow-ffi",
      entry.href,
      mode,
      name,
      JSON.stringify(messages),
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal,
  }).output();
  if (!output.success) {
    const why = signal.aborted
      ? `did not finish within ${timeoutMs} ms`
      : `exited with code ${output.code}: ${
        new TextDecoder().decode(output.stderr).trim()
      }`;
    throw new Error(`Queue sender child ${why}`);
  }
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

/**
 * Creates a queue, lets a child process send `messages` to it by name, and
 * receives them in the parent. Needs `--allow-ffi --allow-run --allow-read`.
 *
 * @example Received by priority, not by sending order
 * ```ts
 * import { sendFromChildProcess } from "./demo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await sendFromChildProcess([
 *   { text: "normal", priority: 1 },
 *   { text: "urgente", priority: 7 },
 * ]);
 * assertEquals(run.received.map((m) => m.text), ["urgente", "normal"]);
 * assertEquals(run.afterSend.currentMessages, 2);
 * ```
 */
export async function sendFromChildProcess(
  messages: readonly QueueMessageSpec[],
  options: QueueDemoOptions = {},
): Promise<CrossProcessQueueRun> {
  checkMessages(messages);
  const timeoutMs = options.timeoutMs ?? 20_000;
  await using queue = createPosixQueue({
    maxMessages: messages.length,
    messageSize: 256,
  });
  const sender = await runSender("open", queue.name, messages, timeoutMs);
  const afterSend = queue.attributes();
  const received: QueueMessageSpec[] = [];
  for (let i = 0; i < messages.length; i++) {
    const { text, priority } = await queue.receive({ timeoutMs });
    received.push({ text, priority });
  }
  return {
    queue: queue.name,
    parentPid: Deno.pid,
    senderPid: sender.pid,
    sent: [...messages],
    afterSend,
    received,
    afterReceive: queue.attributes(),
  };
}

/**
 * A child process creates a queue, fills it and exits *without* unlinking;
 * the parent finds the queue still there, drains it, and unlinks it.
 *
 * @example
 * ```ts
 * import { queueOutlivesItsCreator } from "./demo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await queueOutlivesItsCreator([{ text: "sigo aquí", priority: 0 }]);
 * assertEquals([run.existsAfterCreatorExit, run.existsAfterUnlink], [true, false]);
 * ```
 */
export async function queueOutlivesItsCreator(
  messages: readonly QueueMessageSpec[],
  options: QueueDemoOptions = {},
): Promise<QueuePersistenceRun> {
  checkMessages(messages);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const name = `/kit-${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  try {
    const creator = await runSender("create", name, messages, timeoutMs);
    const existsAfterCreatorExit = posixQueueExists(name);
    const received: QueueMessageSpec[] = [];
    let waitingAfterCreatorExit = 0;
    {
      await using queue = openPosixQueue(name, {
        access: "read",
        unlinkOnClose: true,
      });
      waitingAfterCreatorExit = queue.attributes().currentMessages;
      for (let i = 0; i < waitingAfterCreatorExit; i++) {
        const { text, priority } = await queue.receive({ timeoutMs });
        received.push({ text, priority });
      }
    }
    return {
      queue: name,
      creatorPid: creator.pid,
      existsAfterCreatorExit,
      waitingAfterCreatorExit,
      received,
      existsAfterUnlink: posixQueueExists(name),
    };
  } finally {
    unlinkPosixQueue(name); // whatever happened above, leave nothing behind
  }
}
