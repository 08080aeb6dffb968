/**
 * The kit, Python and C measure throughput with the same credit window, or
 * their rows would not compare like with like: the baselines' `window_of`
 * must cap the window where the kit's `defaultCreditWindow` does.
 */

import { assertEquals } from "@std/assert";
import {
  defaultCreditWindow,
  MAX_CREDIT_WINDOW,
} from "../../lib/bench/throughput.ts";

const here = new URL("../../lib/bench/baselines/", import.meta.url);

Deno.test("Python's and C's window_of cap the window where the kit does", async () => {
  const python = await Deno.readTextFile(new URL("python_baseline.py", here));
  const c = await Deno.readTextFile(new URL("c_baseline.c", here));
  const pythonCap = /min\((\d+), fit\)/.exec(python)?.[1];
  const cCap = /fit > (\d+) \? (\d+) :/.exec(c);
  assertEquals(Number(pythonCap), MAX_CREDIT_WINDOW);
  assertEquals([Number(cCap?.[1]), Number(cCap?.[2])], [
    MAX_CREDIT_WINDOW,
    MAX_CREDIT_WINDOW,
  ]);
  assertEquals(/2 \* 1024 \* 1024/.test(python), true);
  assertEquals(/2u \* 1024 \* 1024/.test(c), true);
});

Deno.test("defaultCreditWindow: even, 2 at least, about 2 MiB in flight, capped", () => {
  const table: [number, number][] = [
    [1, MAX_CREDIT_WINDOW],
    [64, MAX_CREDIT_WINDOW],
    [512, 4096],
    [1000, 2096],
    [4096, 512],
    [1 << 20, 2],
    [3 << 20, 2],
  ];
  for (const [size, window] of table) {
    assertEquals(defaultCreditWindow(size), window, `${size} B`);
  }
});
