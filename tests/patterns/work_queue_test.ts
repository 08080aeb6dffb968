/** The queue's rules on plain values: no loss, no duplicate, clean end. */

import { assert, assertEquals, assertThrows } from "@std/assert";
import { WorkQueue } from "../../lib/patterns/work_queue.ts";
import { within } from "../duplex_conformance.ts";

Deno.test("An empty queue with no producer ends at once", async () => {
  const queue = new WorkQueue<string>();
  assertEquals(await within(queue.take("w"), 1000, "take"), null);
});

Deno.test("An empty queue whose producers all closed ends", async () => {
  const queue = new WorkQueue<string>();
  const producer = queue.openProducer();
  const waiting = queue.take("w");
  producer.close();
  assertEquals(await within(waiting, 1000, "take"), null);
});

Deno.test("A closed producer cannot put", () => {
  const queue = new WorkQueue<string>();
  const producer = queue.openProducer();
  producer.close();
  assertThrows(() => producer.put("x"), TypeError);
});

Deno.test("A consumer waits while a task is in flight elsewhere (it may come back)", async () => {
  const queue = new WorkQueue<string>();
  const producer = queue.openProducer();
  producer.put("T1");
  producer.close();
  const task = (await queue.take("w1"))!;
  let ended = false;
  const waiting = queue.take("w2").then((t) => {
    ended = true;
    return t;
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assertEquals(ended, false);
  queue.workerDied("w1");
  const redelivered = await within(waiting, 1000, "redelivery");
  assertEquals([redelivered!.id, redelivered!.attempt], [task.id, 2]);
  assert(queue.complete("w2", task.id));
  assertEquals(await queue.take("w2"), null);
});

Deno.test("A result counts once even if reported twice", async () => {
  const queue = new WorkQueue<string>();
  const producer = queue.openProducer();
  producer.put("T1");
  producer.close();
  const task = (await queue.take("w1"))!;
  assert(queue.complete("w1", task.id));
  assertEquals(queue.complete("w1", task.id), false);
  assertEquals(queue.complete("w2", task.id), false, "w2 never held it");
  assert(queue.finished);
});

Deno.test("Many producers and many consumers: every task exactly once", async () => {
  const queue = new WorkQueue<string>();
  const producers = [0, 1, 2].map(() => queue.openProducer());
  const producing = producers.map(async (p, k) => {
    for (let i = 0; i < 50; i++) {
      p.put(`p${k}-t${i}`);
      if (i % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    p.close();
  });
  const done: string[] = [];
  const consumers = [0, 1, 2, 3].map(async (c) => {
    const name = `w${c}`;
    for (let t = await queue.take(name); t; t = await queue.take(name)) {
      await Promise.resolve();
      if (queue.complete(name, t.id)) done.push(t.payload);
    }
  });
  await within(Promise.all([...producing, ...consumers]), 5000, "drain");
  assertEquals(done.length, 150);
  assertEquals(new Set(done).size, 150);
});
