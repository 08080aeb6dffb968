import { assert, assertEquals, assertNotEquals } from "@std/assert";
import {
  createPosixQueue,
  posixQueueExists,
  queueOutlivesItsCreator,
  sendFromChildProcess,
} from "../../lib/mq/mod.ts";

Deno.test("A child process sends by name; the parent receives by priority", async () => {
  const sent = [
    { text: "tarea normal", priority: 1 },
    { text: "alarma", priority: 10 },
    { text: "otra normal", priority: 1 },
    { text: "aviso", priority: 5 },
  ];
  const run = await sendFromChildProcess(sent);
  assertNotEquals(run.senderPid, run.parentPid);
  assertEquals(run.afterSend.currentMessages, sent.length);
  assertEquals(run.received, [sent[1], sent[3], sent[0], sent[2]]);
  assertEquals(run.afterReceive.currentMessages, 0);
  assertEquals(posixQueueExists(run.queue), false);
});

Deno.test("A parent already waiting is woken by another process's send", async () => {
  await using queue = createPosixQueue({ messageSize: 64 });
  const waiting = queue.receive({ timeoutMs: 20_000 });
  const config = new URL("../../deno.json", import.meta.url);
  const child = new URL("../../lib/mq/children/mq_sender.ts", import.meta.url);
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      `--config=${config.pathname}`,
      "--allow-ffi",
      child.href,
      "open",
      queue.name,
      JSON.stringify([{ text: "desde otro proceso", priority: 2 }]),
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  const message = await waiting;
  assertEquals([message.text, message.priority], ["desde otro proceso", 2]);
  const report = JSON.parse(new TextDecoder().decode(output.stdout));
  assertEquals(report.ppid, Deno.pid);
});

Deno.test("A queue outlives the process that created it until unlinked", async () => {
  const run = await queueOutlivesItsCreator([
    { text: "escrito por un proceso que ya terminó", priority: 0 },
    { text: "urgente", priority: 3 },
  ]);
  assertNotEquals(run.creatorPid, Deno.pid);
  assertEquals(run.existsAfterCreatorExit, true);
  assertEquals(run.waitingAfterCreatorExit, 2);
  assertEquals(run.received.map((m) => m.text), [
    "urgente",
    "escrito por un proceso que ya terminó",
  ]);
  assertEquals(run.existsAfterUnlink, false);
});
