/**
 * The mechanisms the notebooks compare: ASCII ids for code (switches,
 * options, records) and, in one table, the Spanish label a reader sees in a
 * chart or a table. Code branches on the id, never on the label, so a label
 * can be reworded without touching any logic.
 *
 * @module
 */

/** Each compared mechanism's id and its Spanish label (learner-visible). */
export const MECHANISM_LABELS = Object.freeze(
  {
    pipe: "tubería (proceso hijo)",
    fifo: "FIFO (dos tuberías con nombre)",
    unix: "socket Unix",
    port: "MessagePort (hilo)",
    ring: "anillo en memoria compartida (hilo)",
    tcp: "TCP (127.0.0.1)",
  } as const,
);

/** A mechanism's ASCII id, e.g. `"pipe"`. */
export type MechanismId = keyof typeof MECHANISM_LABELS;

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
    throw new TypeError(`Unknown mechanism id ${JSON.stringify(id)}`);
  }
  return label;
}

/**
 * The id of a mechanism given by id or by its label (notebook cells written
 * with the labels keep working); anything else is a `TypeError`.
 *
 * @example
 * ```ts
 * import { mechanismId } from "./mechanism_labels.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(mechanismId("tubería (proceso hijo)"), "pipe");
 * assertEquals(mechanismId("ring"), "ring");
 * assertThrows(() => mechanismId("paloma mensajera"), TypeError);
 * ```
 */
export function mechanismId(name: string): MechanismId {
  if (Object.hasOwn(MECHANISM_LABELS, name)) return name as MechanismId;
  const entry = Object.entries(MECHANISM_LABELS).find(([, l]) => l === name);
  if (entry === undefined) {
    throw new TypeError(
      `Unknown mechanism ${JSON.stringify(name)}: use one of ${
        Object.keys(MECHANISM_LABELS).join(", ")
      }`,
    );
  }
  return entry[0] as MechanismId;
}
