/**
 * Child program of the cross-process averages (IPC chapter, "Memoria
 * compartida"): maps the region by name, writes one course's average into its
 * own slot, counts itself done and wakes the parent through the futex.
 *
 * Arguments: region name, region size, slot, grades as "5,7,3,…".
 *
 * @module
 */

import { openSharedMemory } from "../shared_memory.ts";
import { AVERAGES_COUNTER_OFFSET, averageSlotOffset } from "../averages.ts";

const [name, size, slot, grades] = Deno.args;
using region = openSharedMemory(name, Number(size));
const values = grades.split(",").map(Number);
const average = values.reduce((a, b) => a + b, 0) / values.length;
new Float64Array(region.bytes.buffer, averageSlotOffset(Number(slot)), 1)[0] =
  average;
const counter = new Int32Array(region.bytes.buffer, AVERAGES_COUNTER_OFFSET, 1);
Atomics.add(counter, 0, 1);
region.wake(AVERAGES_COUNTER_OFFSET);
