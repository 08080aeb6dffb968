/** Child-process pipes: conformance over real OS pipes, and the parent↔child behaviours. */

import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { within } from "../duplex_conformance.ts";
import { testCatPipeConformance } from "./cat_pipes.ts";
import { framedDuplex } from "../../lib/wire/framed.ts";
import { TruncatedFrameError } from "../../lib/wire/errors.ts";
import { spawnDenoChild, spawnPipeChild } from "../../lib/transports/pipe.ts";

const children = new URL("../../lib/transports/children/", import.meta.url);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

testCatPipeConformance("pipe (through cat)", (pair) => framedDuplex(pair));

Deno.test("spawnPipeChild rejects an empty program name", () => {
  assertThrows(() => spawnPipeChild(""), TypeError);
});

Deno.test("A Deno child echoes a 4 MiB message over its stdio", async () => {
  await using child = spawnDenoChild(new URL("echo_child.ts", children));
  const big = new Uint8Array(4 * 1024 * 1024).map((_, i) => i % 253);
  const [, echoed] = await within(
    Promise.all([child.send(big), child.receive()]),
    20_000,
    "echo 4 MiB",
  );
  assertEquals(echoed, big);
});

Deno.test("Closing stdin ends the child cleanly with exit code 0", async () => {
  const child = spawnDenoChild(new URL("echo_child.ts", children));
  await child.send(encoder.encode("uno"));
  assertEquals(
    decoder.decode((await within(child.receive(), 20_000, "r"))!),
    "uno",
  );
  await child.close();
  const status = await child.status;
  assertEquals(status.code, 0);
  await assertRejects(() => child.send(new Uint8Array()), Error);
});

Deno.test("Workshop pipe workers answer their task and stop at FIN", async () => {
  const workers = [0, 1, 2].map((id) =>
    spawnDenoChild(new URL("task_child.ts", children), { args: [String(id)] })
  );
  try {
    await Promise.all(
      workers.map((w, i) => w.send(encoder.encode(`Tarea ${i + 1}`))),
    );
    for (const [i, w] of workers.entries()) {
      const result = decoder.decode(
        (await within(w.receive(), 20_000, "result"))!,
      );
      assert(
        result.startsWith(`Resultado de Tarea ${i + 1} en proceso ${i}`),
        result,
      );
      await w.send(encoder.encode("FIN"));
      const goodbye = decoder.decode(
        (await within(w.receive(), 20_000, "bye"))!,
      );
      assertEquals(goodbye, `[Proceso ${i}] Finalizando...`);
      assertEquals(await within(w.receive(), 20_000, "end"), null);
      assertEquals((await w.status).code, 0);
    }
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
});

Deno.test("The upper-case child answers until 'end'", async () => {
  await using child = spawnDenoChild(new URL("upper_child.ts", children));
  for (const word of ["hola", "mundo", "end"]) {
    await child.send(encoder.encode(word));
  }
  const replies: string[] = [];
  while (true) {
    const reply = await within(child.receive(), 20_000, "reply");
    if (reply === null) break;
    replies.push(decoder.decode(reply));
  }
  assertEquals(replies, ["H: HOLA", "H: MUNDO"]);
});

Deno.test("A child killed mid-frame is a TruncatedFrameError, never a short message", async () => {
  // sh writes a prefix announcing 100 bytes, 3 bytes of body, then dies.
  await using child = spawnPipeChild("sh", {
    args: ["-c", "printf '\\000\\000\\000\\144abc'; kill -9 $$"],
  });
  await assertRejects(
    () => within(child.receive(), 10_000, "receive"),
    TruncatedFrameError,
  );
  assertEquals((await child.status).signal, "SIGKILL");
});

Deno.test("A killed child ends the parent's pending receive", async () => {
  await using child = spawnDenoChild(new URL("echo_child.ts", children));
  const pending = child.duplex.receive();
  child.kill();
  assertEquals(await within(pending, 20_000, "receive after kill"), null);
  const exit = await within(child.exited, 20_000, "exit");
  assertEquals([exit.success, exit.signal], [false, "SIGKILL"]);
});

Deno.test("A child that ignores the end of its stdin is killed by close()", async () => {
  // sh keeps running after stdin closes; close() waits its bound, then kills.
  const child = spawnPipeChild("sh", {
    args: ["-c", "exec 0<&-; sleep 30"],
    exitTimeoutMs: 50,
  });
  await within(child.close(), 20_000, "close");
  assertEquals((await child.exited).signal, "SIGKILL");
});

Deno.test("A child's console.log is its own: parentPipeDuplex leaves it alone", async () => {
  const program = `
    import { parentPipeDuplex } from "${new URL(
    "../../lib/transports/pipe.ts",
    import.meta.url,
  )}";
    const before = console.log;
    const parent = parentPipeDuplex();
    await parent.send(new TextEncoder().encode(String(console.log === before)));
    await parent.close();`;
  await using child = spawnPipeChild(Deno.execPath(), {
    args: ["eval", program],
  });
  const answer = await within(child.receive(), 20_000, "answer");
  assertEquals(decoder.decode(answer!), "true");
});
