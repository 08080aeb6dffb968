import { assertEquals } from "@std/assert";
import { parseGrowthMib } from "../../lib/bench/attack_figures.ts";
import { growthLine } from "../../lib/bench/task_server_memory.ts";

Deno.test("parseGrowthMib reads back what growthLine prints", () => {
  for (
    const [growth, read] of [[12.34, 12.3], [-0.44, -0.4], [1234.56, 1234.6], [
      0,
      0,
    ]]
  ) {
    const output = `RSS antes:   40,0 MiB\n${growthLine(growth, 100)}\n`;
    assertEquals(parseGrowthMib(output), read, output);
  }
});

Deno.test("parseGrowthMib reads es-CL, not a dot as a decimal point", () => {
  assertEquals(parseGrowthMib("Crecimiento: 1.234,5 MiB"), 1234.5);
  // the old format would be misread as 123 MiB; it is refused instead
  assertEquals(parseGrowthMib("Crecimiento: 12.3 MiB"), NaN);
});

Deno.test("parseGrowthMib is NaN without the line", () => {
  assertEquals(
    parseGrowthMib("El servidor de tareas crece más que el límite."),
    NaN,
  );
});
