/** The kit's in-process queue: order, blocking get, bounded capacity, clean end. */

import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { MessageQueue } from "../../lib/patterns/message_queue.ts";
import { WaitTimeoutError } from "../../lib/util/deadline.ts";

Deno.test("Items come out in the order they went in", async () => {
  const queue = new MessageQueue<number>();
  for (const n of [1, 2, 3]) await queue.put(n);
  assertEquals([await queue.get(), await queue.get(), await queue.get()], [
    1,
    2,
    3,
  ]);
});

Deno.test("A get on an empty queue waits for the next put", async () => {
  const queue = new MessageQueue<string>();
  const waiting = queue.get(1000);
  await queue.put("tarde");
  assertEquals(await waiting, "tarde");
});

Deno.test("A get that waits too long is a WaitTimeoutError and takes nothing", async () => {
  const queue = new MessageQueue<string>();
  await assertRejects(() => queue.get(20), WaitTimeoutError);
  await queue.put("x");
  assertEquals(await queue.get(100), "x");
});

Deno.test("A full queue makes put wait until a get frees a place", async () => {
  const queue = new MessageQueue<number>({ capacity: 1 });
  await queue.put(1);
  let second = false;
  const putting = queue.put(2).then(() => second = true);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assertEquals(second, false);
  assertEquals(await queue.get(), 1);
  await putting;
  assertEquals(await queue.get(), 2);
});

Deno.test("Closing drains then ends every waiting getter with null", async () => {
  const queue = new MessageQueue<number>();
  await queue.put(7);
  queue.close();
  assertEquals(await queue.get(), 7);
  assertEquals(await queue.get(), null);
  await assertRejects(() => queue.put(8), TypeError);
  assertThrows(() => new MessageQueue({ capacity: 0 }), RangeError);
});
