import {
  assert,
  assertEquals,
  assertNotEquals,
  assertRejects,
} from "@std/assert";
import { cachedBinary } from "../../lib/bench/baselines/c_cache.ts";
import { runCBaseline } from "../../lib/bench/baselines/c_runner.ts";

/** A stand-in compiler that writes `text` and counts its calls. */
function fakeCompiler(text: string) {
  const counter = {
    calls: 0,
    compile: async (binary: string) => {
      counter.calls++;
      await Deno.writeTextFile(binary, text, { mode: 0o700 });
    },
  };
  return counter;
}

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kit-c-cache-test-" });
  try {
    await body(`${dir}/cache`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a cached binary is reused; a new source or compiler recompiles", async () => {
  await withDir(async (dir) => {
    const cc = fakeCompiler("v1");
    const first = await cachedBinary(dir, "cc -O2", "int main(){}", cc.compile);
    const again = await cachedBinary(dir, "cc -O2", "int main(){}", cc.compile);
    assertEquals([first.compiled, again.compiled, cc.calls], [true, false, 1]);
    assertEquals(first.path, again.path);
    const edited = await cachedBinary(
      dir,
      "cc -O2",
      "int main(){return 1;}",
      cc.compile,
    );
    const otherCc = await cachedBinary(
      dir,
      "clang -O2",
      "int main(){}",
      cc.compile,
    );
    assertEquals([edited.compiled, otherCc.compiled, cc.calls], [
      true,
      true,
      3,
    ]);
    assertNotEquals(edited.path, first.path);
    assertNotEquals(otherCc.path, first.path);
    assertEquals((await Deno.stat(dir)).mode! & 0o777, 0o700);
  });
});

Deno.test("an altered, truncated or group-writable binary is not trusted", async () => {
  await withDir(async (dir) => {
    const cc = fakeCompiler("the real binary");
    const { path } = await cachedBinary(dir, "cc", "src", cc.compile);
    await Deno.writeTextFile(path, "the real bin"); // truncated
    assertEquals(
      (await cachedBinary(dir, "cc", "src", cc.compile)).compiled,
      true,
    );
    assertEquals(await Deno.readTextFile(path), "the real binary");
    await Deno.writeTextFile(path, "something planted"); // altered
    assertEquals(
      (await cachedBinary(dir, "cc", "src", cc.compile)).compiled,
      true,
    );
    await Deno.chmod(path, 0o772); // someone else could rewrite it
    assertEquals(
      (await cachedBinary(dir, "cc", "src", cc.compile)).compiled,
      true,
    );
    await Deno.remove(`${path}.sha256`); // no record of what it should be
    assertEquals(
      (await cachedBinary(dir, "cc", "src", cc.compile)).compiled,
      true,
    );
    assertEquals(cc.calls, 5);
    // Nothing half-written is left behind.
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assertEquals(names.filter((n) => n.includes("partial")), []);
  });
});

Deno.test("a cache folder others can write to is refused", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(dir, { mode: 0o700 });
    await Deno.chmod(dir, 0o777);
    const cc = fakeCompiler("x");
    await assertRejects(
      () => cachedBinary(dir, "cc", "src", cc.compile),
      TypeError,
    );
    assertEquals(cc.calls, 0);
  });
});

Deno.test("a failed compile leaves no trusted binary", async () => {
  await withDir(async (dir) => {
    const failing = () => Promise.reject(new Error("no compila"));
    await assertRejects(
      () => cachedBinary(dir, "cc", "src", failing),
      Error,
      "no compila",
    );
    const cc = fakeCompiler("ok");
    assertEquals(
      (await cachedBinary(dir, "cc", "src", cc.compile)).compiled,
      true,
    );
  });
});

Deno.test("the C baseline runs from its cache the second time", async () => {
  await withDir(async (dir) => {
    const options = {
      cacheDir: dir,
      mechanisms: ["pipe"],
      sizes: [64],
      durationMs: 5,
    };
    const first = await runCBaseline(options);
    const files = async () => {
      const found: [string, number][] = [];
      for await (const e of Deno.readDir(dir)) {
        found.push([
          e.name,
          (await Deno.stat(`${dir}/${e.name}`)).mtime!.getTime(),
        ]);
      }
      return found.sort();
    };
    const before = await files();
    const second = await runCBaseline(options);
    assertEquals(await files(), before, "nothing was recompiled");
    assertEquals(before.length, 2); // the binary and its recorded hash
    assert(first.runs.length === 1 && second.runs.length === 1);
    assert(second.runs[0].latency.median > 0);
  });
});
