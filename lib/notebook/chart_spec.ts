/**
 * The shape of a kit chart: small and strict — a title and both axis labels
 * with their units are required — so every chart a learner sees says what was
 * measured and in which unit.
 *
 * @module
 */

import type { MechanismId } from "../bench/mechanism_labels.ts";

/** One axis: what it measures and in which unit (`""` only when dimensionless). */
export interface ChartAxis {
  /** What the axis measures, e.g. "Latencia de ida y vuelta". */
  label: string;
  /** Its unit, e.g. "µs"; `""` only when dimensionless. */
  unit: string;
  /** Logarithmic scale (for sizes or latencies spanning decades). */
  log?: boolean;
  /** Lowest value shown (default: fitted to the data). */
  min?: number;
  /** Highest value shown (default: fitted to the data). */
  max?: number;
  /**
   * For the category axis when every label is a number (worker counts,
   * sizes): `"numeric"` spaces them as numbers (default for line charts),
   * `"category"` puts them side by side, evenly, and the axis title says
   * "no a escala" (default for bar charts).
   */
  scale?: "numeric" | "category";
}

/** One data series. */
export interface ChartSeries {
  /**
   * The series' name in the legend; a mechanism's id or Spanish label (e.g.
   * "socket Unix") also gives it that mechanism's colour. Optional with
   * `mechanism`.
   */
  label?: string;
  /** The mechanism this series measured: its colour, and its legend name without `label`. */
  mechanism?: MechanismId;
  /** Values per category (bar/line with `labels`) or points (scatter/line). */
  data:
    | readonly number[]
    | readonly {
      /** The point's horizontal value. */
      x: number;
      /** The point's vertical value. */
      y: number;
    }[];
  /** Optional [low, high] per value, drawn as a whisker: spread across runs. */
  ranges?: readonly (readonly [number, number])[];
  /** Draw this series as a line in a bar chart (e.g. an ideal speed-up). */
  asLine?: boolean;
  /** Draw this series dashed. */
  dashed?: boolean;
}

/** What to draw. */
export interface ChartSpec {
  /** Bars per category, lines over categories or points, or points alone. */
  kind: "bar" | "line" | "scatter";
  /** What the chart shows (required: every chart says what was measured). */
  title: string;
  /** A second line under the title: how and when it was measured. */
  subtitle?: string;
  /** The horizontal axis (the values' axis when `horizontal`). */
  x: ChartAxis;
  /** The vertical axis (the categories' axis when `horizontal`). */
  y: ChartAxis;
  /** Category labels (bar charts; line charts over categories). */
  labels?: readonly (string | number)[];
  /** The data series; a mechanism keeps its own colour, the rest take the palette's. */
  series: readonly ChartSeries[];
  /**
   * Write each value beside its bar or point (es-CL): `true` for all,
   * `false` for none; by default only bars too short to see get one.
   */
  valueLabels?: boolean;
  /** Pixel width; default 960 (readable at notebook width). */
  width?: number;
  /** Pixel height; default 540. */
  height?: number;
  /** Stack bars (e.g. a per-worker timeline). */
  stacked?: boolean;
  /** Horizontal bars. */
  horizontal?: boolean;
  /** Also write the PNG to this path (in or out of the kernel). */
  savePath?: string;
}
