import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  JoinTimeoutError,
  spawnThread,
  type ThreadContext,
  ThreadFailedError,
  ThreadTerminatedError,
} from "../../lib/process/mod.ts";

Deno.test("a thread gets its name and arguments and join returns its value", async () => {
  const present = (ctx: ThreadContext, character: string, age: number) => {
    ctx.log("Hilo:", ctx.name);
    ctx.log("Personaje:", character);
    ctx.log("Edad:", age);
    return { character, age };
  };
  using a = spawnThread(present, {
    name: "Boby Jackson",
    args: ["Shinichi Kudo", 17],
  });
  using b = spawnThread(present, {
    name: "Carlos Guzman",
    args: ["Kogoro Mouri", 38],
  });
  assertEquals(await a.join(), { character: "Shinichi Kudo", age: 17 });
  assertEquals(await b.join(), { character: "Kogoro Mouri", age: 38 });
  assertEquals(b.logs, [
    "Hilo: Carlos Guzman",
    "Personaje: Kogoro Mouri",
    "Edad: 38",
  ]);
  assertEquals([a.alive, a.state], [false, "returned"]);
});

Deno.test("an error thrown in a thread reaches join with the thread's name and stack", async () => {
  using t = spawnThread((_ctx, n: number) => {
    function deepInside(x: number): number {
      if (x > 1) throw new RangeError(`demasiado grande: ${x}`);
      return x;
    }
    return deepInside(n);
  }, { name: "Falla", args: [5] });
  const error = await assertRejects(() => t.join(), ThreadFailedError);
  assertEquals(error.threadName, "Falla");
  assertEquals(error.remoteName, "RangeError");
  assertStringIncludes(error.message, "demasiado grande: 5");
  assertStringIncludes(error.stack ?? "", "deepInside");
  assertEquals(t.state, "failed");
});

Deno.test("an uncaught asynchronous error in a thread does not take the parent down", async () => {
  using t = spawnThread((_ctx) => {
    setTimeout(() => {
      throw new Error("fuera de la promesa");
    }, 1);
    return new Promise(() => {}); // never settles: only the uncaught error ends it
  }, { name: "Asincrono", args: [] });
  const error = await assertRejects(() => t.join(), ThreadFailedError);
  assertStringIncludes(error.message, "fuera de la promesa");
  // the parent is still here and can start another thread
  using u = spawnThread((_ctx, x: number) => x + 1, {
    name: "Sigue",
    args: [1],
  });
  assertEquals(await u.join(), 2);
});

Deno.test("a thread cannot see the parent's variables: the target is sent as source", async () => {
  const secret = 42;
  using t = spawnThread((_ctx) => secret, { name: "Aislado", args: [] });
  const error = await assertRejects(() => t.join(), ThreadFailedError);
  assertEquals(error.remoteName, "ReferenceError");
});

Deno.test("join with a bound rejects and terminate stops the thread", async () => {
  using t = spawnThread(
    (_ctx) => new Promise((resolve) => setTimeout(resolve, 60_000)),
    { name: "Lento", args: [] },
  );
  await assertRejects(() => t.join(30), JoinTimeoutError);
  assert(t.alive);
  t.terminate();
  assertEquals([t.alive, t.state], [false, "terminated"]);
  await assertRejects(() => t.join(), ThreadTerminatedError);
});

Deno.test("spawnThread rejects a target that is not a function", () => {
  const notAFunction = 3 as unknown as () => void;
  const error = assertThrows(
    () => spawnThread(notAFunction, { name: "x", args: [] }),
    TypeError,
  );
  assertInstanceOf(error, TypeError);
});
