import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import {
  runIsolated,
  SolutionLoadError,
  SolutionTimeoutError,
} from "../../lib/exercises/run_isolated.ts";

Deno.test("runIsolated answers a table of calls, errors included", async () => {
  const divide = (a: number, b: number) => {
    if (b === 0) throw new RangeError("división por cero");
    return a / b;
  };
  assertEquals(await runIsolated(divide, { input: [[6, 3], [1, 0]] }), [
    { ok: true, value: 2 },
    { ok: false, error: "RangeError: división por cero" },
  ]);
});

Deno.test("runIsolated ignores what the solution prints", async () => {
  const noisy = (n: number) => {
    console.log("\u0000kit-solution?", n); // close to the mark, not it
    return n * 2;
  };
  assertEquals(await runIsolated(noisy, { input: [[21]] }), [
    { ok: true, value: 42 },
  ]);
});

Deno.test("runIsolated kills a synchronous endless loop and says so in Spanish", async () => {
  const spin = () => {
    while (true) { /* nunca termina */ }
  };
  const started = performance.now();
  const error = await assertRejects(
    () => runIsolated(spin, { input: [[]], timeoutMs: 300 }),
    SolutionTimeoutError,
  );
  // runIsolated returns only after the child has exited (awaits its status)
  assertStringIncludes(error.message, "se excedió el tiempo (300 ms)");
  assertStringIncludes(error.message, "fue detenido");
  assert(performance.now() - started < 60_000);
});

Deno.test("runIsolated reports a solution that cannot load", async () => {
  const method = {
    f(a: number) {
      return a;
    },
  }.f; // "f(a) {…}" is no expression
  const error = await assertRejects(
    () => runIsolated(method, { input: [[1]] }),
    SolutionLoadError,
  );
  assertStringIncludes(error.message, "no se pudo cargar");
});

Deno.test("runIsolated gives the solution no other variables than its own", async () => {
  const outer = 5;
  const usesOuter = (n: number) => n + outer;
  const [outcome] = await runIsolated<{ ok: boolean; error?: string }[]>(
    usesOuter,
    { input: [[1]] },
  );
  assertEquals(outcome.ok, false);
  assertStringIncludes(outcome.error ?? "", "ReferenceError");
});
