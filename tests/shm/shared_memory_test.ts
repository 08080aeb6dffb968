/** POSIX shared memory through FFI: mapping, unlinking, futex wait/wake, and the averages across processes. */

import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  createSharedMemory,
  openSharedMemory,
} from "../../lib/shm/shared_memory.ts";
import { averagesAcrossProcesses } from "../../lib/shm/averages.ts";

Deno.test("Closing the creator unlinks the name from /dev/shm", async () => {
  const region = createSharedMemory(64);
  const file = `/dev/shm${region.name}`;
  assert((await Deno.stat(file)).isFile);
  region.close();
  region.close(); // idempotent
  assertThrows(() => Deno.statSync(file), Deno.errors.NotFound);
  assertThrows(() => openSharedMemory(region.name, 64), Deno.errors.NotFound);
});

Deno.test("Bad names and sizes are typed errors", () => {
  // Each row: a name shm_open would misread or refuse.
  for (const bad of ["sin-barra", "/con/barra", "/", "/espacio x"]) {
    assertThrows(() => createSharedMemory(64, bad), TypeError);
  }
  assertThrows(() => createSharedMemory(0), RangeError);
  assertThrows(() => createSharedMemory(1.5), RangeError);
});

Deno.test("A futex wait on an unchanged word times out", async () => {
  using region = createSharedMemory(64);
  assertEquals(await region.waitWhile(0, 0, 30), "timed-out");
});

Deno.test("A futex wait on a word that already changed returns at once", async () => {
  using region = createSharedMemory(64);
  new Int32Array(region.bytes.buffer, 0, 1)[0] = 5;
  assertEquals(await region.waitWhile(0, 0, 5000), "not-equal");
});

Deno.test("A wake from another mapping ends a futex wait", async () => {
  using region = createSharedMemory(64);
  using other = openSharedMemory(region.name, 64);
  const waiting = region.waitWhile(4, 0, 5000);
  await new Promise((resolve) => setTimeout(resolve, 30));
  new Int32Array(other.bytes.buffer, 4, 1)[0] = 1;
  other.wake(4);
  assertEquals(await waiting, "woken");
});

Deno.test("Misaligned futex words are refused", () => {
  using region = createSharedMemory(64);
  assertThrows(() => region.wake(2), RangeError);
  assertThrows(() => region.wake(64), RangeError);
});

Deno.test("Four courses averaged in four processes through shared memory", async () => {
  const courses = [[1, 2, 3], [7, 7], [4], [5, 6, 7, 2]];
  const result = await averagesAcrossProcesses(courses);
  assertEquals(result.averages, [2, 7, 4, 5]);
  assert(result.waits >= 1, "the parent slept on the futex at least once");
  assertThrows(
    () => Deno.statSync(`/dev/shm${result.regionName}`),
    Deno.errors.NotFound,
  );
});
