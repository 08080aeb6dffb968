/**
 * The mechanisms the notebooks compare: ASCII ids for code (switches,
 * options, records) and, in one table, the Spanish label a reader sees in a
 * chart or a table. Code branches on the id, never on the label, so a label
 * can be reworded without touching any logic.
 *
 * @module
 */

/** A mechanism's ASCII id, e.g. `"pipe"`. */
export type MechanismId =
  | "pipe"
  | "fifo"
  | "unix"
  | "port"
  | "ring"
  | "ring-fast"
  | "tcp";

/** Each compared mechanism's id and its Spanish label (learner-visible). */
export const MECHANISM_LABELS = Object.freeze(
  {
    pipe: "tubería (proceso hijo)",
    fifo: "FIFO (dos tuberías con nombre)",
    unix: "socket Unix",
    port: "MessagePort (hilo)",
    ring: "anillo en memoria compartida (hilo)",
    "ring-fast": "anillo rápido, lib/fast (hilo)",
    tcp: "TCP (127.0.0.1)",
  } as const satisfies Record<MechanismId, string>,
);

/** A mechanism's Spanish label, e.g. `"tubería (proceso hijo)"`. */
export type MechanismLabel = typeof MECHANISM_LABELS[MechanismId];

/**
 * The label a reader sees for a mechanism id.
 *
 * @example
 * ```ts
 * import { mechanismLabel } from "./mechanism_labels.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(mechanismLabel("unix"), "socket Unix");
 * ```
 */
export function mechanismLabel(id: MechanismId): MechanismLabel {
  const label = MECHANISM_LABELS[id];
  if (label === undefined) {
    throw new TypeError(`Mecanismo desconocido: ${JSON.stringify(id)}`);
  }
  return label;
}

/**
 * Checks that `name` is a mechanism id; anything else (a Spanish label
 * included: labels are for reading, never for looking things up) is a
 * `TypeError` that lists the ids.
 *
 * @example
 * ```ts
 * import { mechanismId } from "./mechanism_labels.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(mechanismId("ring"), "ring");
 * assertThrows(() => mechanismId("tubería (proceso hijo)"), TypeError);
 * assertThrows(() => mechanismId("paloma mensajera"), TypeError);
 * ```
 */
export function mechanismId(name: string): MechanismId {
  if (Object.hasOwn(MECHANISM_LABELS, name)) return name as MechanismId;
  throw new TypeError(
    `Mecanismo desconocido: ${JSON.stringify(name)}; usa uno de estos: ${
      Object.keys(MECHANISM_LABELS).join(", ")
    }`,
  );
}

/**
 * Each mechanism's colour in every chart (Okabe–Ito hues, readable by
 * colour-blind readers), so "socket Unix" is the same green in notebook 03's
 * bars and notebook 07's: a reader compares charts by colour before reading
 * legends.
 */
export const MECHANISM_COLORS = Object.freeze(
  {
    pipe: "#D55E00",
    fifo: "#E69F00",
    unix: "#009E73",
    port: "#CC79A7",
    ring: "#56B4E9",
    "ring-fast": "#0072B2",
    tcp: "#555555",
  } as const satisfies Record<MechanismId, string>,
);

/**
 * The mechanism a chart label names, by id or by its Spanish label
 * (`undefined` for anything else). Charts use it to colour a series or a bar;
 * code that chooses what to measure uses {@linkcode mechanismId} instead.
 *
 * @example An id, a label, and something else
 * ```ts
 * import { mechanismNamed } from "./mechanism_labels.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(mechanismNamed("unix"), "unix");
 * assertEquals(mechanismNamed("tubería (proceso hijo)"), "pipe");
 * assertEquals(mechanismNamed("mediana"), undefined);
 * ```
 */
export function mechanismNamed(name: string): MechanismId | undefined {
  if (Object.hasOwn(MECHANISM_LABELS, name)) return name as MechanismId;
  const entry = Object.entries(MECHANISM_LABELS).find(([, label]) =>
    label === name
  );
  return entry ? entry[0] as MechanismId : undefined;
}
