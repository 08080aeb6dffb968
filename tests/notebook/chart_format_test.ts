// The pure decisions behind every chart: tick and value labels in es-CL,
// Markdown-free text, numeric categories, colours per mechanism, the ideal
// speed-up, and which timeline names fit their bars. Table-driven.
import { assertEquals, assertThrows } from "@std/assert";
import {
  formatLogTick,
  formatLogTicks,
  formatTick,
  formatValueLabel,
} from "../../lib/notebook/number_format.ts";
import { plainText } from "../../lib/notebook/chart_canvas.ts";
import { logTickValues } from "../../lib/notebook/chart_axes.ts";
import { wantsValueLabel } from "../../lib/notebook/chart_plugins.ts";
import {
  categoryColors,
  idealSpeedUp,
  idealSpeedUpSeries,
  numericCategories,
  seriesColors,
  seriesName,
} from "../../lib/notebook/chart_series.ts";
import {
  fitSegmentLabel,
  labelNote,
} from "../../lib/notebook/timeline_labels.ts";
import {
  MECHANISM_COLORS,
  MECHANISM_LABELS,
} from "../../lib/bench/mechanism_labels.ts";

Deno.test("formatTick: es-CL, decimals from the spacing between ticks", () => {
  const table: [number, number | undefined, string][] = [
    [0, 50, "0"],
    [1500, 500, "1.500"],
    [12000, 2000, "12.000"],
    [1234567, 1, "1.234.567"],
    [0.5, 0.25, "0,50"],
    [0.1 + 0.2, 0.1, "0,3"], // float noise never shows
    [1.2, 0.2, "1,2"],
    [-2.5, 0.5, "-2,5"],
    [0.001, undefined, "0,001"],
    [7, undefined, "7"],
  ];
  for (const [value, step, expected] of table) {
    assertEquals(formatTick(value, step), expected, `${value} step ${step}`);
  }
});

Deno.test("formatLogTick labels 1, 2 and 5 per decade (or powers only)", () => {
  const table: [number, boolean, string][] = [
    [1, false, "1"],
    [2, false, "2"],
    [3, false, ""],
    [5, false, "5"],
    [50000, false, "50.000"],
    [0.2, false, "0,2"],
    [0.002, false, "0,002"],
    [2000, true, ""],
    [10000, true, "10.000"],
    [0, false, ""],
    [-10, false, ""],
  ];
  for (const [value, powersOnly, expected] of table) {
    assertEquals(formatLogTick(value, powersOnly), expected, `${value}`);
  }
});

Deno.test("formatLogTicks thins crowded axes and fills sparse ones", () => {
  const table: [number[], string[]][] = [
    [[1, 2, 3, 4, 5, 10], ["1", "2", "", "", "5", "10"]],
    // less than a decade: 1-2-5 would leave one label, so all are labelled
    [[30, 40, 50, 60, 70], ["30", "40", "50", "60", "70"]],
    // five decades of 1-2-5 is 15 labels: only the powers of ten keep theirs
    [
      [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5],
      [
        "1",
        "",
        "",
        "10",
        "",
        "",
        "100",
        "",
        "",
        "1.000",
        "",
        "",
        "10.000",
        "",
        "",
        "100.000",
      ],
    ],
  ];
  for (const [values, expected] of table) {
    assertEquals(formatLogTicks(values), expected, values.join(" "));
  }
});

Deno.test("logTickValues: 1–9 × 10^k inside the range, no float noise", () => {
  const table: [number, number, number[]][] = [
    [10, 70, [10, 20, 30, 40, 50, 60, 70]],
    [0.1, 0.5, [0.1, 0.2, 0.3, 0.4, 0.5]],
    [8, 20, [8, 9, 10, 20]],
    [0, 10, []], // a log axis cannot start at 0
  ];
  for (const [min, max, expected] of table) {
    assertEquals(logTickValues(min, max), expected, `${min}..${max}`);
  }
});

Deno.test("formatValueLabel: at most three significant digits, es-CL, no trailing zeros", () => {
  const table: [number, string][] = [
    [0, "0"],
    [45, "45"],
    [45.04, "45"],
    [12.34, "12,3"],
    [3, "3"],
    [3.456, "3,46"],
    [0.25, "0,25"],
    [0.01234, "0,012"],
    [1234.4, "1.234"],
    [-0.5, "-0,5"],
  ];
  for (const [value, expected] of table) {
    assertEquals(formatValueLabel(value), expected, `${value}`);
  }
});

Deno.test("wantsValueLabel: auto labels only bars too short to see", () => {
  const table: [boolean | "auto", boolean, number, boolean][] = [
    ["auto", true, 0, true],
    ["auto", true, 5.9, true],
    ["auto", true, 6, false],
    ["auto", false, 0, false],
    [true, true, 300, true],
    [false, true, 0, false],
  ];
  for (const [mode, isBar, px, expected] of table) {
    assertEquals(
      wantsValueLabel(mode, isBar, px),
      expected,
      `${mode} ${isBar} ${px}`,
    );
  }
});

Deno.test("plainText drops Markdown code-span backticks", () => {
  const table: [string, string][] = [
    ["Latencia de `send()`", "Latencia de send()"],
    ["``a`b``", "ab"], // a canvas has no code font: every backtick goes
    ["sin marcas", "sin marcas"],
    ["`x` y `y`", "x y y"],
    ["un ` suelto", "un  suelto"],
  ];
  for (const [text, expected] of table) {
    assertEquals(plainText(text), expected, text);
  }
});

Deno.test("numericCategories: numbers or numeric strings, else undefined", () => {
  const table: [(string | number)[] | undefined, number[] | undefined][] = [
    [[1, 2, 4, 8], [1, 2, 4, 8]],
    [["1", "2", "4"], [1, 2, 4]],
    [["0.5", 2], [0.5, 2]],
    [["tcp", "unix"], undefined],
    [["4 workers", 2], undefined],
    [[], undefined],
    [undefined, undefined],
  ];
  for (const [labels, expected] of table) {
    assertEquals(numericCategories(labels), expected, JSON.stringify(labels));
  }
});

Deno.test("one colour and one Spanish name per mechanism, in any chart", () => {
  for (const [id, label] of Object.entries(MECHANISM_LABELS)) {
    const color = MECHANISM_COLORS[id as keyof typeof MECHANISM_COLORS];
    // by id, by label, by explicit field, at any position
    assertEquals(seriesColors([{ label: "x" }, { label: id }])[1], color);
    assertEquals(seriesColors([{ label }])[0], color);
    assertEquals(seriesColors([{ mechanism: id as "unix" }])[0], color);
    assertEquals(seriesName({ label: id }), label);
    assertEquals(seriesName({ mechanism: id as "unix" }), label);
  }
  // distinct mechanisms never share a colour
  assertEquals(new Set(Object.values(MECHANISM_COLORS)).size, 7);
  // a plain series never takes the colour of a mechanism in the same chart
  const colors = seriesColors([{ label: "ideal" }, { mechanism: "ring-fast" }]);
  assertEquals(colors[1], MECHANISM_COLORS["ring-fast"]);
  assertEquals(colors[0] === colors[1], false);
  assertEquals(categoryColors(["socket Unix", "pipe"]), [
    MECHANISM_COLORS.unix,
    MECHANISM_COLORS.pipe,
  ]);
  assertEquals(categoryColors(["socket Unix", "Python"]), undefined);
});

Deno.test("idealSpeedUp is min(n, cores)", () => {
  const table: [number[], number, number[]][] = [
    [[1, 2, 4, 8], 2, [1, 2, 2, 2]],
    [[1, 2, 4], 8, [1, 2, 4]],
    [[1, 3], 1, [1, 1]],
  ];
  for (const [counts, cores, expected] of table) {
    assertEquals(idealSpeedUp(counts, cores), expected);
  }
  assertEquals(idealSpeedUpSeries([1, 2], 1).label, "ideal: min(n, 1 núcleo)");
  assertThrows(() => idealSpeedUp([1], 0), RangeError, "núcleos");
  assertThrows(() => idealSpeedUp([0], 2), RangeError, "workers");
});

Deno.test("fitSegmentLabel: whole, first word, or nothing — never past the bar", () => {
  const measure = (text: string) => text.length * 8; // 8 px per character
  const table: [string, number, string, string][] = [
    ["T1", 100, "T1", "whole"],
    ["T1", 22, "T1", "whole"], // 16 px + 6 padding
    ["T1", 21, "", "none"],
    ["T3 (2º intento)", 200, "T3 (2º intento)", "whole"],
    ["T3 (2º intento)", 60, "T3", "short"],
    ["T3 ✗", 30, "T3", "short"],
    ["T3 ✗", 10, "", "none"],
    ["", 100, "", "whole"],
  ];
  for (const [text, width, shown, fit] of table) {
    assertEquals(
      fitSegmentLabel(text, width, measure),
      { text: shown, fit },
      `${text} in ${width}`,
    );
  }
});

Deno.test("labelNote says what was shortened or left out, in Spanish", () => {
  const table: [number, number, string][] = [
    [0, 0, ""],
    [1, 0, "1 nombre acortado: no cabían en su barra (el color dice el tipo)"],
    [0, 1, "1 nombre omitido: no cabían en su barra (el color dice el tipo)"],
    [0, 3, "3 nombres omitidos: no cabían en su barra (el color dice el tipo)"],
    [
      2,
      1,
      "2 nombres acortados y 1 omitido: no cabían en su barra (el color dice el tipo)",
    ],
  ];
  for (const [shortened, dropped, expected] of table) {
    assertEquals(labelNote(shortened, dropped), expected);
  }
});
