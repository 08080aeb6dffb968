/**
 * Logging for the terminal servers that a hostile client cannot turn against
 * them.
 *
 * `console.log` writes synchronously: when stdout is a pipe nobody reads (or
 * a terminal paused with Ctrl-S) the whole server stops, for every client,
 * and no longer sees SIGTERM. A {@linkcode LineSink} queues lines and writes
 * them in the background; when the queue is full it drops the line and
 * counts it, so a slow sink costs log lines, never service.
 *
 * What a client sends is shown through {@linkcode describeMessage}: control
 * characters escaped (a client cannot clear the operator's screen or forge a
 * log line with `\n`), and binary or long messages summarised as their length
 * and first bytes in hex (a 1 MiB message is one short line, not 4 MiB).
 *
 * @module
 */

/** Where a {@linkcode LineSink} writes: `Deno.stdout` or any writer. */
export interface LineWriter {
  /** Writes some prefix of `bytes`, resolving with how many were written. */
  write(bytes: Uint8Array): Promise<number>;
}

/** Options of {@linkcode LineSink}. */
export interface LineSinkOptions {
  /** Lines held at most, the one being written included; more are dropped (default 1024). */
  maxQueuedLines?: number;
}

const encoder = new TextEncoder();

/**
 * A line log that never makes its caller wait: {@linkcode LineSink.write}
 * queues, a background loop drains the queue into the writer, and a full
 * queue drops the line and counts it in {@linkcode LineSink.dropped}.
 *
 * @example A writer that never finishes: lines beyond the queue are dropped
 * ```ts
 * import { LineSink } from "./log.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const stuck = { write: () => new Promise<number>(() => {}) };
 * const sink = new LineSink(stuck, { maxQueuedLines: 2 });
 * for (let i = 0; i < 5; i++) sink.write(`línea ${i}`);
 * // Two lines are held (the first one inside the stuck writer); three dropped.
 * assertEquals(sink.dropped, 3);
 * assertEquals(await sink.flush(10), false);
 * ```
 *
 * @example A working writer gets every line, in order
 * ```ts
 * import { LineSink } from "./log.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const chunks: string[] = [];
 * const writer = {
 *   write(bytes: Uint8Array) {
 *     chunks.push(new TextDecoder().decode(bytes));
 *     return Promise.resolve(bytes.length);
 *   },
 * };
 * const sink = new LineSink(writer);
 * sink.write("uno");
 * sink.write("dos");
 * assertEquals(await sink.flush(1000), true);
 * assertEquals(chunks.join(""), "uno\ndos\n");
 * ```
 */
export class LineSink {
  #writer: LineWriter;
  #queue: Uint8Array[] = [];
  #max: number;
  #draining = false;
  #dropped = 0;
  #idle: (() => void)[] = [];
  #failed = false;

  /** Logs to `writer`, keeping at most `options.maxQueuedLines` waiting. */
  constructor(writer: LineWriter, options: LineSinkOptions = {}) {
    const max = options.maxQueuedLines ?? 1024;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(
        `maxQueuedLines debe ser un entero mayor o igual a 1, no ${max}`,
      );
    }
    this.#writer = writer;
    this.#max = max;
  }

  /** Lines dropped so far because the writer was too slow (or failed). */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Queues `line` (a newline is added) and returns at once: `true` when it
   * was queued, `false` when it was dropped.
   */
  write(line: string): boolean {
    if (this.#failed || this.#queue.length >= this.#max) {
      this.#dropped++;
      return false;
    }
    this.#queue.push(encoder.encode(`${line}\n`));
    if (!this.#draining) void this.#drain();
    return true;
  }

  /**
   * Waits up to `timeoutMs` for the queue to empty; `true` if it did. A
   * program calls it before exiting, and exits anyway when it is `false`.
   */
  async flush(timeoutMs: number): Promise<boolean> {
    if (!this.#draining) return true;
    const timeout = AbortSignal.timeout(timeoutMs);
    return await new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        timeout.removeEventListener("abort", onTimeout);
        resolve(ok);
      };
      const onIdle = () => done(true);
      const onTimeout = () => {
        this.#idle = this.#idle.filter((f) => f !== onIdle);
        done(false);
      };
      this.#idle.push(onIdle);
      timeout.addEventListener("abort", onTimeout);
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        let bytes = this.#queue[0];
        while (bytes.length > 0) {
          bytes = bytes.subarray(await this.#writer.write(bytes));
        }
        this.#queue.shift();
      }
    } catch {
      // The sink is gone (a closed pipe): log no more, but keep serving.
      this.#failed = true;
      this.#dropped += this.#queue.length;
      this.#queue = [];
    } finally {
      this.#draining = false;
      for (const wake of this.#idle.splice(0)) wake();
    }
  }
}

/** Options of {@linkcode describeMessage}. */
export interface DescribeOptions {
  /** Longest text shown as text, in characters (default 120). */
  maxTextChars?: number;
  /** Bytes shown in hex in a summary (default 16). */
  previewBytes?: number;
}

const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/**
 * How a message from a client is shown in a log line: short valid text as
 * quoted text with every control character (and the bidirectional overrides
 * that reorder what a terminal shows) escaped; anything else as its length
 * and first bytes in hex. The result never holds a control character and is
 * short whatever the message's size.
 *
 * @example Text, a terminal escape, and a large binary message
 * ```ts
 * import { describeMessage } from "./log.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * assertEquals(describeMessage("waku waku"), '"waku waku"');
 * assertEquals(describeMessage("\x1b[2J"), '"\\x1b[2J"');
 * const big = new Uint8Array(1024 * 1024).fill(0xff);
 * const line = describeMessage(big);
 * assert(line.startsWith("<binario, 1048576 bytes: ff ff"));
 * assert(line.length < 120);
 * ```
 */
export function describeMessage(
  message: string | Uint8Array,
  options: DescribeOptions = {},
): string {
  const maxTextChars = options.maxTextChars ?? 120;
  const previewBytes = options.previewBytes ?? 16;
  let text: string | null = null;
  if (typeof message === "string") {
    text = message;
  } else if (message.length <= maxTextChars * 4) {
    try {
      text = strictDecoder.decode(message);
    } catch {
      // Not UTF-8: summarised below.
    }
  }
  if (text !== null && text.length <= maxTextChars) {
    return `"${escapeText(text)}"`;
  }
  const bytes = typeof message === "string" ? encoder.encode(message) : message;
  const kind = text === null ? "binario" : "texto";
  const head = Array.from(
    bytes.subarray(0, previewBytes),
    (b) => b.toString(16).padStart(2, "0"),
  ).join(" ");
  const more = bytes.length > previewBytes ? " …" : "";
  return `<${kind}, ${bytes.length} bytes: ${head}${more}>`;
}

/**
 * Escapes what a terminal would act on instead of showing: C0 and C1
 * controls, DEL, the bidirectional overrides, and the backslash and quote
 * themselves (so an escaped form cannot be forged).
 */
function escapeText(text: string): string {
  return text.replace(
    // deno-lint-ignore no-control-regex
    /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\\"]/g,
    (c) => {
      if (c === "\\" || c === '"') return `\\${c}`;
      if (c === "\n") return "\\n";
      if (c === "\r") return "\\r";
      if (c === "\t") return "\\t";
      const code = c.codePointAt(0)!;
      return code <= 0xff
        ? `\\x${code.toString(16).padStart(2, "0")}`
        : `\\u{${code.toString(16)}}`;
    },
  );
}
