/**
 * Short labels for messages in a diagram: the first characters of a text
 * message, escaped so a newline or a control byte cannot break the drawing,
 * or the size of a binary one.
 *
 * @module
 */

import { formatNumber } from "../notebook/number_format.ts";

/** Characters of a text message shown by default. */
export const DEFAULT_LABEL_CHARS = 16;

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Escapes what would break a one-line label (newlines, tabs, control bytes). */
export function escapeLabel(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      out += `\\x${code.toString(16).padStart(2, "0")}`;
    } else out += char;
  }
  return out;
}

/**
 * Cuts a label to `max` characters (counted as the reader sees them), with
 * "…" when something was cut.
 *
 * @example
 * ```ts
 * import { clipLabel } from "./label.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(clipLabel("hola mundo", 5), "hola…");
 * assertEquals(clipLabel("hola", 5), "hola");
 * ```
 */
export function clipLabel(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return "…";
  return chars.slice(0, max - 1).join("").trimEnd() + "…";
}

/**
 * The label of a message: its text (escaped, clipped) when it is UTF-8
 * text, otherwise its size ("8 bytes"); an empty message is "(vacío)".
 *
 * @example Text, binary and empty messages
 * ```ts
 * import { messageLabel } from "./label.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = (s: string) => new TextEncoder().encode(s);
 * assertEquals(messageLabel(text("waku\nwaku")), '"waku\\nwaku"');
 * assertEquals(messageLabel(new Uint8Array([0xff, 0xfe])), "2 bytes");
 * assertEquals(messageLabel(new Uint8Array()), "(vacío)");
 * assertEquals(messageLabel(text("una frase bastante larga"), 8), '"una f…"');
 * ```
 */
export function messageLabel(
  message: Uint8Array,
  maxChars = DEFAULT_LABEL_CHARS,
): string {
  if (message.length === 0) return "(vacío)";
  let text: string;
  try {
    text = decoder.decode(message);
  } catch {
    return `${formatNumber(message.length)} bytes`;
  }
  // Quotes count toward the width, so the text gets two characters fewer.
  return `"${clipLabel(escapeLabel(text), Math.max(2, maxChars - 2))}"`;
}
