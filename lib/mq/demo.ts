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
import { formatNumber } from "../notebook/number_format.ts";

/** One message of a demo: its text and priority. */
export interface QueueMessageSpec {
  /** The message's text. */
  text: string;
  /** Its priority (0..32767): higher ones are received first. */
  priority: number;
}

/** What the cross-process demo saw, for the notebook. */
export interface CrossProcessQueueRun {
  /** The queue's name, e.g. `/kit-…`. */
  queue: string;
  /** This process, which created the queue and received. */
  parentPid: number;
  /** The sender's pid, reported by the sender itself. */
  senderPid: number;
  /** In the order the child sent them. */
  sent: QueueMessageSpec[];
  /** Attributes once the sender had exited, before any receive. */
  afterSend: PosixQueueAttributes;
  /** In the order the parent received them. */
  received: QueueMessageSpec[];
  /** Attributes once the parent had received everything. */
  afterReceive: PosixQueueAttributes;
}

function checkMessages(messages: readonly QueueMessageSpec[]): void {
  if (messages.length < 1 || messages.length > 10) {
    throw new RangeError(
      `Una demostración envía de 1 a 10 mensajes (el msg_max por defecto), no ${messages.length}`,
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
      ? `no terminó en ${formatNumber(timeoutMs)} ms`
      : `terminó con código ${output.code}: ${
        new TextDecoder().decode(output.stderr).trim()
      }`;
    throw new Error(`El proceso hijo que envía a la cola ${why}`);
  }
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

/**
 * Creates a queue, lets a child process send `messages` to it by name, and
 * receives them in the parent; `timeoutMs` bounds the child's whole run and
 * each receive. Needs `--allow-ffi --allow-run --allow-read`.
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
  timeoutMs = 20_000,
): Promise<CrossProcessQueueRun> {
  checkMessages(messages);
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
 * the parent finds the queue still there, drains it, and unlinks it. Returns
 * what it observed, step by step; `timeoutMs` bounds the child's run and
 * each receive.
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
  timeoutMs = 20_000,
): Promise<{
  /** The queue's name. */
  queue: string;
  /** The process that created the queue, filled it and exited. */
  creatorPid: number;
  /** Did the name still exist after its creator exited? */
  existsAfterCreatorExit: boolean;
  /** Messages waiting then (`mq_curmsgs`). */
  waitingAfterCreatorExit: number;
  /** What this process received, highest priority first. */
  received: QueueMessageSpec[];
  /** Did the name exist after this process unlinked it? */
  existsAfterUnlink: boolean;
}> {
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
