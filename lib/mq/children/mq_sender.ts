/**
 * Child program of the POSIX queue demos: a separate process that knows only
 * the queue's *name*. It opens the queue (mode "open") or creates it and
 * leaves it behind (mode "create": no unlink on close), sends the messages
 * with their priorities, and prints one JSON line for its parent.
 *
 * Arguments: mode, queue name, messages as JSON `[{text, priority}, …]`.
 *
 * @module
 */

import { createPosixQueue, openPosixQueue } from "../open.ts";

const [mode, name, json] = Deno.args;
const messages = JSON.parse(json) as { text: string; priority: number }[];
{
  using queue = mode === "create"
    ? createPosixQueue({
      name,
      maxMessages: Math.max(messages.length, 1),
      messageSize: 256,
      unlinkOnClose: false,
    })
    : openPosixQueue(name, { access: "write" });
  for (const message of messages) {
    await queue.send(message.text, {
      priority: message.priority,
      timeoutMs: 5000,
    });
  }
}
console.log(
  JSON.stringify({ pid: Deno.pid, ppid: Deno.ppid, sent: messages.length }),
);
