import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  COMPARED_MECHANISMS,
  compareMechanisms,
  EXTRA_COMPARED_MECHANISMS,
} from "../../lib/bench/mechanism_comparison.ts";
import {
  MECHANISM_LABELS,
  mechanismId,
  mechanismLabel,
} from "../../lib/bench/mechanism_labels.ts";

Deno.test("mechanism ids are ASCII and the labels the notebooks show are unchanged", () => {
  for (const id of Object.keys(MECHANISM_LABELS)) {
    assert(/^[a-z-]+$/.test(id), `id ${id} must be ASCII lowercase`);
  }
  // The learner-visible text (chart labels in notebooks 03, 04, 05, 07).
  assertEquals(MECHANISM_LABELS, {
    pipe: "tubería (proceso hijo)",
    fifo: "FIFO (dos tuberías con nombre)",
    unix: "socket Unix",
    port: "MessagePort (hilo)",
    ring: "anillo en memoria compartida (hilo)",
    "ring-fast": "anillo rápido, lib/fast (hilo)",
    tcp: "TCP (127.0.0.1)",
  });
  assertEquals([...COMPARED_MECHANISMS], [
    "pipe",
    "fifo",
    "unix",
    "port",
    "ring",
  ]);
  assertEquals([...EXTRA_COMPARED_MECHANISMS], ["tcp", "ring-fast"]);
});

Deno.test("a mechanism is found by id only; a label or an unknown name is a TypeError", () => {
  for (const [id, label] of Object.entries(MECHANISM_LABELS)) {
    assertThrows(() => mechanismId(label), TypeError);
    assertEquals(mechanismId(id as keyof typeof MECHANISM_LABELS), id);
    assertEquals(mechanismLabel(id as keyof typeof MECHANISM_LABELS), label);
  }
  assertThrows(() => mechanismId("cola"), TypeError);
  assertThrows(() => mechanismLabel("cola" as never), TypeError);
});

Deno.test("compareMechanisms measures every mechanism it names and closes each peer", async () => {
  const mechanisms = [...COMPARED_MECHANISMS, ...EXTRA_COMPARED_MECHANISMS];
  const rows = await compareMechanisms({
    count: 5,
    warmup: 2,
    sizeBytes: 100,
    mechanisms,
  });
  assertEquals(rows.map((r) => r.id), mechanisms);
  assertEquals(
    rows.map((r) => r.mechanism),
    mechanisms.map((id) => MECHANISM_LABELS[id]),
  );
  for (const row of rows) {
    // Five timed echoes each, of the size asked for.
    assertEquals(row.result.summary.count, 5, row.id);
    assertEquals(row.result.sizeBytes, 100, row.id);
    assert(row.result.summary.min > 0, row.id);
  }
});

Deno.test("compareMechanisms defaults to the chapters' five mechanisms, not TCP", async () => {
  const rows = await compareMechanisms({ count: 3, warmup: 1 });
  assertEquals(rows.map((r) => r.id), [...COMPARED_MECHANISMS]);
});

Deno.test("compareMechanisms rejects a Spanish label before measuring anything", async () => {
  await assertRejects(
    () =>
      compareMechanisms({
        count: 2,
        mechanisms: ["socket Unix" as never],
      }),
    TypeError,
  );
});
