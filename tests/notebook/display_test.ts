import { assertEquals, assertThrows } from "@std/assert";
import {
  formatTable,
  inKernel,
  quietInKernel,
} from "../../lib/notebook/mod.ts";

Deno.test("formatTable renders numbers in the class's locale and escapes pipes", () => {
  const md = formatTable([
    { mecanismo: "tcp | unix", n: 1234567, us: 12.345, nada: null },
  ]);
  assertEquals(md.split("\n"), [
    "| mecanismo | n | us | nada |",
    "| --- | --- | --- | --- |",
    "| tcp \\| unix | 1.234.567 | 12,35 | — |",
  ]);
});

Deno.test("formatTable honours column order, headers and caption", () => {
  const md = formatTable([{ a: 1, b: 2 }], {
    columns: ["b", "a"],
    headers: { b: "B (µs)" },
    caption: "Tabla",
  });
  assertEquals(md.split("\n"), [
    "**Tabla**",
    "",
    "| B (µs) | a |",
    "| --- | --- |",
    "| 2 | 1 |",
  ]);
});

Deno.test("formatTable rejects a table without columns", () => {
  assertThrows(() => formatTable([]), TypeError);
});

Deno.test("inKernel is false under deno test", () => {
  assertEquals(inKernel(), false);
});

Deno.test("quietInKernel gives an empty Jupyter bundle and keeps the value's keys", () => {
  const value = quietInKernel({ a: 1 });
  const display =
    (value as Record<symbol, () => unknown>)[Symbol.for("Jupyter.display")];
  assertEquals(display(), {});
  assertEquals(JSON.stringify(value), '{"a":1}');
});
