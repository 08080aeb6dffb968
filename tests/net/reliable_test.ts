import {
  assert,
  assertEquals,
  assertNotEquals,
  assertThrows,
} from "@std/assert";
import {
  LossyLink,
  sendUnreliably,
  VirtualClock,
} from "../../lib/net/lossy_link.ts";
import {
  DeliveryFailedError,
  type ReliableTraceEvent,
  transferReliably,
} from "../../lib/net/reliable.ts";
import { seedFromEnv } from "../../lib/util/random.ts";

const MESSAGES = Array.from({ length: 300 }, (_, i) => `m${i}`);

Deno.test("the reliable protocol delivers everything once and in order, over many seeds", () => {
  const base = seedFromEnv();
  const SEEDS = 40;
  console.log(
    `base seed ${base}, ${SEEDS} seeds × ${MESSAGES.length} messages`,
  );
  const links = [
    { loss: 0.3, duplicate: 0.1, reorder: 0.3 }, // a bad link
    { loss: 0.05, duplicate: 0.3, reorder: 0.5 }, // mostly chaos, little loss
    { loss: 0.5, duplicate: 0, reorder: 0 }, // half the packets vanish
  ];
  for (let s = 0; s < SEEDS; s++) {
    const seed = (base + s) >>> 0;
    for (const link of links) {
      const outcome = transferReliably(MESSAGES, { link: { ...link, seed } });
      assertEquals(
        outcome.delivered,
        MESSAGES,
        `seed ${seed} ${JSON.stringify(link)}`,
      );
    }
  }
});

Deno.test("the same seed replays the same run", () => {
  const options = {
    link: { loss: 0.2, duplicate: 0.1, reorder: 0.2, seed: 12345 },
  };
  const a = transferReliably(MESSAGES, options);
  const b = transferReliably(MESSAGES, options);
  assertEquals(a.retransmissions, b.retransmissions);
  assertEquals(a.forward, b.forward);
  assertEquals(a.finishedAtMs, b.finishedAtMs);
});

Deno.test("retransmissions grow with loss and are zero on a perfect link", () => {
  const perfect = transferReliably(MESSAGES, { link: { seed: 1 } });
  assertEquals(perfect.retransmissions, 0);
  assertEquals(perfect.dataPackets, MESSAGES.length);
  const lossy = transferReliably(MESSAGES, { link: { loss: 0.3, seed: 1 } });
  assert(lossy.retransmissions > 0);
  assertEquals(lossy.dataPackets, MESSAGES.length + lossy.retransmissions);
});

Deno.test("the unreliable sender loses, duplicates and reorders (what UDP allows)", () => {
  const numbers = Array.from({ length: 500 }, (_, i) => i);
  const { received, link } = sendUnreliably(numbers, {
    loss: 0.2,
    duplicate: 0.1,
    reorder: 0.2,
    seed: 99,
  });
  assert(new Set(received).size < numbers.length, "some were lost");
  assert(received.length > new Set(received).size, "some arrived twice");
  assertNotEquals(
    received.filter((n, i) => received.indexOf(n) === i),
    [...new Set(received)].sort((a, b) => a - b),
  );
  assertEquals(link.sent, numbers.length);
  assertEquals(link.delivered, received.length);
});

Deno.test("a hopeless link ends in DeliveryFailedError, not a hang", () => {
  assertThrows(
    () =>
      transferReliably(["x"], { link: { loss: 1, seed: 5 }, maxAttempts: 10 }),
    DeliveryFailedError,
  );
});

Deno.test("link options are validated", () => {
  const clock = new VirtualClock();
  assertThrows(
    () => new LossyLink(clock, { loss: 1.5, seed: 1 }, () => {}),
    RangeError,
  );
  assertThrows(
    () => new LossyLink(clock, { delayMs: [10, 5], seed: 1 }, () => {}),
    RangeError,
  );
  assertThrows(
    () => transferReliably([1], { link: { seed: 1 }, window: 0 }),
    RangeError,
  );
  assertThrows(() => clock.schedule(-1, () => {}), RangeError);
});

Deno.test("the trace hook sees every packet the link carried, matching the link's own counts", () => {
  const events: ReliableTraceEvent[] = [];
  const outcome = transferReliably(MESSAGES.slice(0, 60), {
    link: { loss: 0.2, duplicate: 0.1, reorder: 0.2, seed: 777 },
    trace: (e) => events.push(e),
  });
  const count = (dir: string, event: string) =>
    events.filter((e) => e.dir === dir && e.event === event).length;
  assertEquals(count("data", "send"), outcome.forward.sent);
  assertEquals(count("data", "deliver"), outcome.forward.delivered);
  assertEquals(count("ack", "send"), outcome.backward.sent);
  assertEquals(count("ack", "deliver"), outcome.backward.delivered);
  assertEquals(
    events.filter((e) => e.retransmission).length,
    outcome.retransmissions,
  );
  // One ack per data delivery, and tx is unique per packet put on the link.
  assertEquals(count("ack", "send"), count("data", "deliver"));
  const sent = events.filter((e) => e.event === "send").map((e) => e.tx);
  assertEquals(new Set(sent).size, sent.length);
  // Every delivery names a packet sent before it, with the same seq and direction.
  for (const d of events.filter((e) => e.event === "deliver")) {
    const s = events.find((e) => e.event === "send" && e.tx === d.tx)!;
    assertEquals([s.dir, s.seq], [d.dir, d.seq]);
    assert(s.atMs <= d.atMs);
  }
  // Time never goes backwards in the order the hook was called.
  assert(events.every((e, i) => i === 0 || events[i - 1].atMs <= e.atMs));
});
