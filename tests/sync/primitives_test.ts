import { assert, assertEquals, assertThrows } from "@std/assert";
import { spawnModuleThread } from "../../lib/process/thread.ts";
import {
  LockTable,
  Mutex,
  MutexOwnershipError,
  Semaphore,
  SyncEvent,
} from "../../lib/sync/mod.ts";

const WAITER = new URL("./waiter_worker.ts", import.meta.url);

function startWaiter(
  kind: "semaphore" | "event" | "mutex",
  buffer: SharedArrayBuffer,
  timeoutMs: number,
) {
  return spawnModuleThread<unknown[], boolean>(WAITER, {
    name: `espera ${kind}`,
    args: [kind, buffer, timeoutMs],
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("Mutex rejects unlock by a non-owner and unlock of a free mutex", () => {
  const m = Mutex.create();
  const e1 = assertThrows(() => m.unlock(1), MutexOwnershipError);
  assertEquals(e1.holder, null);
  assert(m.lock(1, 10));
  const e2 = assertThrows(() => m.unlock(2), MutexOwnershipError);
  assertEquals([e2.caller, e2.holder], [2, 1]);
  assertEquals(m.owner, 1, "a failed unlock leaves the owner in place");
  m.unlock(1);
  assertEquals(m.owner, null);
});

Deno.test("Mutex is not reentrant and rejects bad ids and timeouts", () => {
  const table = LockTable.create({ locks: 1, threads: 2 });
  const m = table.mutex(0);
  assert(m.lock(1, 10));
  assertThrows(() => m.lock(1, 10), RangeError);
  assertThrows(() => m.lock(3, 10), RangeError); // only threads 1..2
  assertThrows(() => m.lock(0, 10), RangeError);
  assertThrows(() => m.lock(2, -1), RangeError);
  assertThrows(() => table.mutex(1), RangeError);
  assertThrows(() => LockTable.from(new SharedArrayBuffer(16)), TypeError);
});

Deno.test("Mutex lock times out while another owner holds it, and records the wait meanwhile", async () => {
  const table = LockTable.create({ locks: 1, threads: 2 });
  const m = table.mutex(0);
  assert(m.lock(1, 10));
  using waiter = startWaiter("mutex", table.buffer, 5000);
  let seen = table.snapshot();
  // bounded: the worker may take a while to start (its module is checked)
  for (let i = 0; i < 1000 && seen.waitingFor[1] !== 0; i++) {
    await pause(10);
    seen = table.snapshot();
  }
  assertEquals(seen, { owners: [1], waitingFor: [null, 0] });
  m.unlock(1); // wakes the waiter, which takes and releases the lock
  assertEquals(await waiter.join(), true);
  assertEquals(table.snapshot(), { owners: [null], waitingFor: [null, null] });
  assert(m.lock(1, 10));
  assertEquals(m.tryLock(2), false);
  assertEquals(m.lock(2, 20), false, "a bounded lock gives up");
  assertEquals(table.snapshot().waitingFor, [null, null]);
});

Deno.test("Semaphore counts permits and bounded release rejects overflow", () => {
  const s = Semaphore.create(2, 2);
  assertEquals([s.tryAcquire(), s.tryAcquire(), s.tryAcquire()], [
    true,
    true,
    false,
  ]);
  assertEquals(s.acquire(10), false);
  s.release(2);
  assertEquals(s.value, 2);
  assertThrows(() => s.release(), RangeError);
  assertThrows(() => Semaphore.create(-1), RangeError);
  assertThrows(() => Semaphore.create(3, 2), RangeError);
  assertThrows(() => Semaphore.from(new SharedArrayBuffer(4)), TypeError);
});

Deno.test("Semaphore release in one thread wakes an acquire blocked in another", async () => {
  const s = Semaphore.create(0);
  using waiter = startWaiter("semaphore", s.buffer, 5000);
  await pause(50);
  assert(waiter.alive, "the waiter blocks while there is no permit");
  s.release();
  assertEquals(await waiter.join(), true);
  assertEquals(s.value, 0);
});

Deno.test("Semaphore acquire in a worker gives up after its timeout", async () => {
  using waiter = startWaiter("semaphore", Semaphore.create(0).buffer, 30);
  assertEquals(await waiter.join(), false);
});

Deno.test("SyncEvent set wakes every waiter; clear makes waits block again", async () => {
  const e = SyncEvent.create();
  using a = startWaiter("event", e.buffer, 5000);
  using b = startWaiter("event", e.buffer, 5000);
  await pause(50);
  assert(a.alive && b.alive);
  e.set();
  assertEquals([await a.join(), await b.join()], [true, true]);
  e.clear();
  using c = startWaiter("event", e.buffer, 30);
  assertEquals(await c.join(), false, "a cleared event times out");
  assertEquals(await e.waitAsync(10), false);
  e.set();
  assertEquals(await e.waitAsync(10), true);
});
