import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertThrows,
} from "@std/assert";
import {
  createPosixQueue,
  type CreatePosixQueueOptions,
  openPosixQueue,
  PosixQueue,
  PosixQueueError,
  posixQueueExists,
  PosixQueueMessageTooLargeError,
  unlinkPosixQueue,
} from "../../lib/mq/mod.ts";

// Every queue this file creates, to prove at the end that none is left.
const created: string[] = [];
function tracked(options: CreatePosixQueueOptions = {}): PosixQueue {
  const queue = createPosixQueue(options);
  created.push(queue.name);
  return queue;
}

async function receiveAll(queue: PosixQueue, count: number) {
  const out: [string, number][] = [];
  for (let i = 0; i < count; i++) {
    const m = await queue.receive({ timeoutMs: 2000 });
    out.push([m.text, m.priority]);
  }
  return out;
}

Deno.test("Messages come out highest priority first, FIFO among equals", async () => {
  const cases: {
    why: string;
    sent: [string, number][];
    expected: [string, number][];
  }[] = [
    // all equal priority: plain FIFO
    {
      why: "fifo",
      sent: [["a", 0], ["b", 0], ["c", 0]],
      expected: [["a", 0], ["b", 0], ["c", 0]],
    },
    // ascending sends come out reversed
    {
      why: "ascending",
      sent: [["low", 1], ["mid", 5], ["high", 9]],
      expected: [["high", 9], ["mid", 5], ["low", 1]],
    },
    // ties keep their sending order inside the priority
    {
      why: "ties",
      sent: [["x1", 2], ["y1", 7], ["x2", 2], ["y2", 7], ["z", 32767]],
      expected: [["z", 32767], ["y1", 7], ["y2", 7], ["x1", 2], ["x2", 2]],
    },
  ];
  for (const { why, sent, expected } of cases) {
    using queue = tracked({ maxMessages: 8, messageSize: 64 });
    for (const [text, priority] of sent) await queue.send(text, { priority });
    assertEquals(await receiveAll(queue, sent.length), expected, why);
  }
});

Deno.test("Attributes report the sizes asked for and the messages waiting", async () => {
  using queue = tracked({ maxMessages: 5, messageSize: 200 });
  assertEquals(queue.attributes(), {
    maxMessages: 5,
    messageSize: 200,
    currentMessages: 0,
    nonBlocking: false,
  });
  await queue.send("uno");
  await queue.send(new Uint8Array([1, 2, 3]), { priority: 4 });
  assertEquals(queue.attributes().currentMessages, 2);
  const first = await queue.receive();
  assertEquals([...first.bytes], [1, 2, 3]);
  assertEquals(queue.attributes().currentMessages, 1);
});

Deno.test("A receive on an empty queue times out without blocking the event loop", async () => {
  using queue = tracked();
  let timerFired = false;
  const timer = setTimeout(() => timerFired = true, 10);
  const error = await assertRejects(
    () => queue.receive({ timeoutMs: 150 }),
    Deno.errors.TimedOut,
  );
  clearTimeout(timer);
  assert(error.message.includes(queue.name));
  assert(timerFired, "a timer set before the wait ran during it");
  assertEquals(queue.tryReceive(), null);
});

Deno.test("A message longer than mq_msgsize is a typed EMSGSIZE error and is not queued", async () => {
  using queue = tracked({ messageSize: 16 });
  await queue.send(new Uint8Array(16)); // exactly the limit is fine
  const error = await assertRejects(
    () => queue.send(new Uint8Array(17)),
    PosixQueueMessageTooLargeError,
  );
  assertInstanceOf(error, RangeError);
  assertEquals([error.code, error.errno, error.length, error.limit], [
    "EMSGSIZE",
    90,
    17,
    16,
  ]);
  assert(error.message.includes("Message too long"), error.message);
  assertEquals(queue.attributes().currentMessages, 1);
});

Deno.test("A send to a full queue waits until a receive makes room, or times out", async () => {
  using queue = tracked({ maxMessages: 1, messageSize: 32 });
  await queue.send("primero");
  await assertRejects(
    () => queue.send("no cabe", { timeoutMs: 50 }),
    Deno.errors.TimedOut,
  );
  const waiting = queue.send("segundo", { timeoutMs: 5000 });
  assertEquals((await queue.receive()).text, "primero");
  await waiting;
  assertEquals((await queue.receive()).text, "segundo");
});

Deno.test("Closing unlinks the creator's queue; other descriptors do not unlink", async () => {
  const queue = tracked();
  const reader = openPosixQueue(queue.name, { access: "read" });
  await queue.send("hola");
  reader.close();
  assert(posixQueueExists(queue.name), "a non-owner close keeps the queue");
  queue.close();
  queue.close(); // idempotent
  assertEquals(posixQueueExists(queue.name), false);
  assertThrows(() => queue.attributes(), TypeError, "cerrada");
  await assertRejects(() => queue.send("tarde"), TypeError, "cerrada");
});

Deno.test("Closing while a receive waits defers mq_close until the wait ends", async () => {
  const queue = tracked();
  using writer = openPosixQueue(queue.name, { access: "write" });
  const waiting = queue.receive({ timeoutMs: 5000 });
  await new Promise((resolve) => setTimeout(resolve, 20));
  queue.close(); // name unlinked now; descriptor kept for the running wait
  assertEquals(posixQueueExists(queue.name), false);
  await writer.send("llegó igual");
  assertEquals((await waiting).text, "llegó igual");
});

Deno.test("Opening a missing name and re-creating a taken one are typed errno errors", () => {
  const table: { why: string; run: () => unknown; code: string }[] = [
    // nobody created it
    {
      why: "missing",
      run: () => openPosixQueue("/kit-missing-queue"),
      code: "ENOENT",
    },
    // O_EXCL refuses a name in use
    {
      why: "taken",
      run: () => {
        using first = tracked();
        createPosixQueue({ name: first.name });
      },
      code: "EEXIST",
    },
  ];
  for (const { why, run, code } of table) {
    const error = assertThrows(run, PosixQueueError);
    assertEquals(error.code, code, why);
    assert(error.message.includes("mq_open"), error.message);
  }
});

Deno.test("Bad names, sizes, priorities and timeouts are refused before any call", async () => {
  assertThrows(() => createPosixQueue({ name: "sin-barra" }), TypeError);
  assertThrows(() => createPosixQueue({ name: "/a/b" }), TypeError);
  assertThrows(() => createPosixQueue({ maxMessages: 0 }), RangeError);
  assertThrows(() => createPosixQueue({ messageSize: 1.5 }), RangeError);
  assertThrows(() => unlinkPosixQueue("../x"), TypeError);
  using queue = tracked();
  for (const priority of [-1, 32768, 0.5]) {
    await assertRejects(() => queue.send("x", { priority }), RangeError);
  }
  await assertRejects(() => queue.receive({ timeoutMs: -1 }), RangeError);
  await assertRejects(() => queue.receive({ timeoutMs: NaN }), RangeError);
});

Deno.test("No queue created by these tests is left in the kernel", async () => {
  assert(created.length >= 10, `tracked ${created.length} queues`);
  for (const name of created) {
    assertEquals(posixQueueExists(name), false, name);
  }
  // Where the mqueue filesystem is mounted, look at it directly as well.
  try {
    const names: string[] = [];
    for await (const entry of Deno.readDir("/dev/mqueue")) {
      names.push("/" + entry.name);
    }
    assertEquals(created.filter((n) => names.includes(n)), []);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
});
