import { assert, assertEquals } from "@std/assert";
import { WarmWorkerPool } from "../../lib/util/warm_workers.ts";
import { deadline } from "../../lib/util/deadline.ts";

function blobModule(source: string): string {
  return URL.createObjectURL(
    new Blob([source], { type: "text/javascript" }),
  );
}

function nextEvent<T extends Event>(
  worker: Worker,
  type: "message" | "error",
): Promise<T> {
  return deadline(
    new Promise<T>((resolve) =>
      worker.addEventListener(type, (e) => {
        // An error event left unhandled would fail the test run itself.
        if (type === "error") e.preventDefault();
        resolve(e as unknown as T);
      }, { once: true })
    ),
    10_000,
    `the worker's ${type} event`,
  );
}

Deno.test("a warm Worker becomes the module and gets the messages posted right after the hand-out, in order", async () => {
  using pool = new WarmWorkerPool(1);
  const url = blobModule(
    "const seen = []; self.onmessage = (e) => { seen.push(e.data); if (seen.length === 3) self.postMessage([self.name, ...seen]); };",
  );
  const worker = pool.start(url, { name: "hilo-1" });
  try {
    worker.postMessage("a");
    worker.postMessage("b");
    worker.postMessage("c");
    const reply = await nextEvent<MessageEvent>(worker, "message");
    assertEquals(reply.data, ["hilo-1", "a", "b", "c"]);
    assertEquals(pool.counts, { warm: 1, cold: 0 });
    assertEquals(pool.idle, 1, "a replacement was started");
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
});

Deno.test("a port transferred before the module loaded still arrives with its message", async () => {
  using pool = new WarmWorkerPool(1);
  const url = blobModule(
    "self.onmessage = (e) => e.ports[0].postMessage('por el puerto');",
  );
  const worker = pool.start(url);
  const { port1, port2 } = new MessageChannel();
  try {
    const got = deadline(
      new Promise((resolve) => port1.onmessage = (e) => resolve(e.data)),
      10_000,
      "the port's message",
    );
    worker.postMessage(null, [port2]);
    assertEquals(await got, "por el puerto");
  } finally {
    port1.close();
    worker.terminate();
    URL.revokeObjectURL(url);
  }
});

Deno.test("a module that fails to load reaches the parent as an error event", async () => {
  using pool = new WarmWorkerPool(1);
  const url = blobModule("throw new Error('módulo roto');");
  const worker = pool.start(url);
  try {
    const error = await nextEvent<ErrorEvent>(worker, "error");
    assert(String(error.message).includes("módulo roto"), error.message);
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
});

Deno.test("an empty or closed pool starts cold Workers, and close terminates the idle ones", async () => {
  const pool = new WarmWorkerPool(2);
  assertEquals(pool.idle, 2);
  pool.close();
  assertEquals(pool.idle, 0);
  const url = blobModule(
    "self.onmessage = (e) => self.postMessage(e.data + 1);",
  );
  const worker = pool.start(url);
  try {
    const reply = nextEvent<MessageEvent>(worker, "message");
    worker.postMessage(1);
    assertEquals((await reply).data, 2);
    assertEquals(pool.counts, { warm: 0, cold: 1 });
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
});

Deno.test("pool sizes are bounded", () => {
  for (const size of [-1, 1.5, 65, NaN]) {
    let threw = false;
    try {
      new WarmWorkerPool(size).close();
    } catch (error) {
      threw = error instanceof RangeError;
    }
    assert(threw, `size ${size} is refused`);
  }
});

Deno.test("a module that listens and then awaits messages at top level gets them (it never finishes importing)", async () => {
  using pool = new WarmWorkerPool(1);
  const url = blobModule(
    "const next = () => new Promise((r) => self.addEventListener('message', (e) => r(e.data), { once: true }));\n" +
      "const a = await next(); const b = await next();\n" +
      "self.postMessage([a, b]);\n" +
      "await new Promise(() => {}); // a task loop that never ends",
  );
  const worker = pool.start(url);
  try {
    const reply = nextEvent<MessageEvent>(worker, "message");
    worker.postMessage("uno");
    worker.postMessage("dos");
    assertEquals((await reply).data, ["uno", "dos"]);
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
});

Deno.test("a module that sets onmessage gets the early messages too", async () => {
  using pool = new WarmWorkerPool(1);
  const url = blobModule(
    "await new Promise((r) => setTimeout(r, 50));\n" +
      "self.onmessage = (e) => self.postMessage(e.data + '!');\n" +
      "await new Promise(() => {});",
  );
  const worker = pool.start(url);
  try {
    const reply = nextEvent<MessageEvent>(worker, "message");
    worker.postMessage("hola");
    assertEquals((await reply).data, "hola!");
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
});
