import { assert, assertEquals, assertThrows } from "@std/assert";
import { clockTrace, happenedBefore } from "../../lib/trace/clocks.ts";
import { parseTraceLines, traceLines } from "../../lib/trace/lines.ts";
import { tracePipeChildren } from "../../lib/trace/pipes.ts";
import { traceReliableTransfer } from "../../lib/trace/reliable_trace.ts";
import {
  traceBcastReduceOnMpi,
  traceBcastReduceOnWorkers,
} from "../../lib/trace/spmd_runs.ts";
import { mpiexecAvailable } from "../../lib/spmd/mpi/launch.ts";
import { spawnDenoChild } from "../../lib/transports/pipe.ts";
import { pipeChildEntry } from "../../lib/transports/pipe_children.ts";

Deno.test("trace lines: round trip, other lines kept apart, bad lines rejected", () => {
  const trace = {
    omitted: 2,
    cap: 3,
    events: [
      {
        process: "hijo 0",
        kind: "send" as const,
        channel: "hijo 0→padre",
        atMs: 1.5,
        bytes: 3,
        label: '"a\\nb"',
      },
      {
        process: "hijo 0",
        kind: "local" as const,
        atMs: 2,
        label: "murió",
        mark: "died" as const,
      },
    ],
  };
  const back = parseTraceLines(["x", ...traceLines(trace), ""].join("\r\n"));
  assertEquals(back.trace, trace);
  assertEquals(back.other, ["x"]);
  const bad = [
    "[traza] no es json",
    "[traza] [1]",
    '[traza] {"process":"a","kind":"send","atMs":1,"label":"m"}', // no channel
    '[traza] {"process":"a","kind":"local","atMs":"1","label":"m"}',
    '[traza] {"process":"a","kind":"local","atMs":1,"label":"m","mark":"raro"}',
    '[traza] {"omitted":"1","cap":2}',
  ];
  for (const line of bad) {
    assertThrows(() => parseTraceLines(line), TypeError, undefined, line);
  }
});

Deno.test("pipes: both ends traced, paired, causal; the data wire is the untraced child's", async () => {
  const run = await tracePipeChildren(3);
  assertEquals(run.codes, [0, 0, 0]);
  const t = clockTrace(run.trace);
  assertEquals(t.unmatchedReceives, 0);
  assertEquals(t.omitted, 0);
  for (let id = 0; id < 3; id++) {
    const child = t.events.filter((e) => e.process === `hijo ${id}`);
    assertEquals(child.map((e) => `${e.kind} ${e.label}`), [
      `receive "Tarea ${id + 1}"`,
      `send ${child[1].label}`,
      'receive "FIN"',
      `send ${child[3].label}`,
      "send EOF (cierre)",
    ]);
    // The child's answer to FIN comes after the parent's FIN, by the clocks.
    const fin = t.events.find((e) =>
      e.process === "padre" && e.kind === "send" &&
      e.channel === `padre→hijo ${id}` && e.label === '"FIN"'
    )!;
    assert(happenedBefore(fin, child[3]));
  }
  // Same bytes as the untraced child would send, pid aside.
  await using plain = spawnDenoChild(pipeChildEntry("task"), { args: ["0"] });
  await plain.send(new TextEncoder().encode("Tarea 1"));
  const expected = new TextDecoder().decode((await plain.receive())!);
  assertEquals(
    run.replies[0].replace(/pid \d+/, "pid N"),
    expected.replace(/pid \d+/, "pid N"),
  );
  assertEquals(run.replies[0].includes(`pid ${run.pids[0]}`), true);
});

Deno.test("reliable transfer trace agrees with the protocol's own counts, over seeds", () => {
  for (let seed = 1; seed <= 30; seed++) {
    const messages = ["a", "b", "c", "d", "e", "f"];
    const { trace, outcome } = traceReliableTransfer(messages, {
      link: { loss: 0.25, duplicate: 0.15, reorder: 0.2, seed },
      window: 3,
    });
    assertEquals(outcome.delivered, messages);
    const t = clockTrace(trace);
    const data = t.messages.filter((m) => m.label.startsWith("dato"));
    const acks = t.messages.filter((m) => m.label.startsWith("ack"));
    assertEquals(data.length, outcome.dataPackets, `seed ${seed}`);
    assertEquals(
      data.filter((m) => m.receives.length === 0).length,
      outcome.forward.dropped,
    );
    assertEquals(
      acks.filter((m) => m.receives.length === 0).length,
      outcome.backward.dropped,
    );
    assertEquals(
      data.filter((m) => m.receives.length === 2).length,
      outcome.forward.duplicated,
    );
    // Only the second copies the link itself made are marked duplicate.
    const dupData = t.events.filter((e) =>
      e.kind === "receive" && e.label.startsWith("dato") &&
      e.mark === "duplicate"
    );
    assertEquals(dupData.length, outcome.forward.duplicated);
    assert(
      t.messages.every((m) => m.mark !== "lost" || m.receives.length === 0),
    );
  }
});

Deno.test("SPMD on Workers: each rank's own trace, merged; reduce after bcast everywhere", async () => {
  const { trace, total } = await traceBcastReduceOnWorkers(4);
  assertEquals(total, 4 * 10 + 0 + 1 + 2 + 3);
  assertEquals(trace.processes.slice().sort(), [
    "proceso 0",
    "proceso 1",
    "proceso 2",
    "proceso 3",
  ]);
  assertEquals(trace.messages.length, 6);
  assertEquals(trace.unmatchedReceives, 0);
  const last = trace.events.filter((e) => e.process === "proceso 0").at(-1)!;
  for (const e of trace.events) if (e !== last) assert(happenedBefore(e, last));
});

Deno.test({
  name: "SPMD under mpiexec: the ranks' [traza] lines merged into one trace",
  ignore: !(await mpiexecAvailable()),
  fn: async () => {
    const run = await traceBcastReduceOnMpi(3);
    if (run === null) throw new Error("mpiexec is here, yet no run came back");
    assertEquals(run.total, 3 * 10 + 0 + 1 + 2);
    assertEquals(run.trace.messages.length, 4);
    assertEquals(run.trace.unmatchedReceives, 0);
    assertEquals(run.trace.events.length, 8);
  },
});
