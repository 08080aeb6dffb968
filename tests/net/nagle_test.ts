/**
 * The Nagle demo measures what Linux does with two writes and a read, closes
 * everything it opened (sanitizers on), and its sentences follow the figures.
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import { measureNagleSetups, NAGLE_SETUPS } from "../../lib/net/nagle.ts";
import type { NagleFigures, NagleSetup } from "../../lib/net/nagle.ts";
import {
  describeNagle,
  nagleRows,
  STALL_MS,
} from "../../lib/net/nagle_sentences.ts";

Deno.test("the Nagle demo: the client's NODELAY ends the stall, the server's does not", async () => {
  const figures = await measureNagleSetups({ roundTrips: 4 });
  assertEquals(figures.map((f) => f.setup), [...NAGLE_SETUPS]);
  const by = Object.fromEntries(figures.map((f) => [f.setup, f.medianMs]));
  // Linux's delayed ACK is at least 40 ms; a loopback round trip is far less.
  assert(by["nagle-both"] >= STALL_MS, `nagle-both ${by["nagle-both"]}`);
  assert(by["server-nodelay"] >= STALL_MS, `server ${by["server-nodelay"]}`);
  assert(by["client-nodelay"] < STALL_MS, `client ${by["client-nodelay"]}`);
  assert(by["one-write"] < STALL_MS, `one write ${by["one-write"]}`);
  assertEquals(nagleRows(figures).length, NAGLE_SETUPS.length);
});

Deno.test("the Nagle demo refuses fewer than two round trips", async () => {
  await assertRejects(() => measureNagleSetups({ roundTrips: 1 }), RangeError);
});

const run = (m: Record<NagleSetup, number>): NagleFigures[] =>
  Object.entries(m).map(([setup, medianMs]) => ({
    setup: setup as NagleSetup,
    samplesMs: [medianMs],
    medianMs,
  }));

Deno.test("the Nagle sentences follow the figures, whichever way they fall", () => {
  const serverFixed = describeNagle(run({
    "nagle-both": 44,
    "server-nodelay": 0.1,
    "client-nodelay": 0.1,
    "one-write": 0.1,
    "new-connection": 45,
  })).join(" ");
  assert(serverFixed.includes("esta vez no se notó"));
  assert(serverFixed.includes("Esta vez sí esperó"));
  assert(!serverFixed.includes("no la quitó"));
  const typical = describeNagle(run({
    "nagle-both": 44,
    "server-nodelay": 44,
    "client-nodelay": 0.05,
    "one-write": 0.05,
    "new-connection": 0.6,
  })).join(" ");
  assert(typical.includes("44,0 ms") && typical.includes("0,050 ms"));
  assert(typical.includes("quickack"));
  assert(!/\d\.\d/.test(typical)); // es-CL decimals only
});

Deno.test("the Nagle sentences need every setup", () => {
  let error: unknown;
  try {
    describeNagle(run({
      "nagle-both": 1,
      "server-nodelay": 1,
      "client-nodelay": 1,
      "one-write": 1,
    } as Record<NagleSetup, number>));
  } catch (e) {
    error = e;
  }
  assert(error instanceof RangeError);
});
