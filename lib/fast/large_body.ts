/**
 * Where the fast frame decoder (`frame_decoder.ts`) assembles a large body:
 * in the buffer that becomes the message, grown as bytes arrive, so a
 * 1 MiB message costs one allocation and reads land in it with no
 * intermediate copy. With lending, one buffer is kept from body to body.
 *
 * @module
 */

/**
 * A large body's buffer starts at most this big and then doubles as bytes
 * arrive, so a prefix alone never allocates more than this (5 bytes must
 * not cost 1 GiB) and a 1 MiB message still costs one allocation.
 */
const FIRST_BODY_BYTES = 1024 * 1024;

/**
 * One large body at a time, from the bytes that arrived with its prefix to
 * the whole message. The decoder owns it and checks what it is told
 * (lengths, commit counts); this class only keeps the buffer.
 *
 * @example A body assembled from what was staged plus one read
 * ```ts
 * import { LargeBody } from "./large_body.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const body = new LargeBody(false);
 * body.start(5, new Uint8Array([1, 2]));
 * assertEquals(body.missingBytes, 3);
 * body.target().set([3, 4, 5]);
 * body.advance(3);
 * assertEquals(body.complete, true);
 * assertEquals([...body.take()], [1, 2, 3, 4, 5]);
 * assertEquals([body.active, body.filled], [false, 0]);
 * ```
 */
export class LargeBody {
  /** The body being assembled (grown as it arrives), or null. */
  #buffer: Uint8Array | null = null;
  #length = 0;
  #filled = 0;
  readonly #lend: boolean;
  /** The buffer bodies are assembled in when lending. */
  #store = new Uint8Array(0);

  /** `lend`: reuse one buffer for every body (the frame is then a view). */
  constructor(lend: boolean) {
    this.#lend = lend;
  }

  /** Whether a body is being assembled (or whole and not yet taken). */
  get active(): boolean {
    return this.#buffer !== null;
  }

  /** Body bytes that arrived (0 when no body is active). */
  get filled(): number {
    return this.#filled;
  }

  /** Body bytes still to come. */
  get missingBytes(): number {
    return this.#length - this.#filled;
  }

  /** Whether the active body is whole. */
  get complete(): boolean {
    return this.#filled >= this.#length;
  }

  /** Whether the next read belongs in the body. */
  get wantsBytes(): boolean {
    return this.#buffer !== null && this.#filled < this.#length;
  }

  /** Free space in the buffer {@linkcode target} last returned. */
  get space(): number {
    return this.#buffer === null ? 0 : this.#buffer.length - this.#filled;
  }

  /** Starts a body of `length` bytes with the bytes that already arrived. */
  start(length: number, arrived: Uint8Array): void {
    this.#length = length;
    this.#buffer = this.#newBuffer(
      Math.min(length, Math.max(FIRST_BODY_BYTES, 2 * arrived.length)),
    );
    this.#buffer.set(arrived);
    this.#filled = arrived.length;
  }

  /** Where the next body bytes go; grows the buffer when it is full. */
  target(): Uint8Array {
    if (this.#filled === this.#buffer!.length) this.#grow();
    return this.#buffer!.subarray(this.#filled);
  }

  /** Counts `count` bytes written into the last {@linkcode target}. */
  advance(count: number): void {
    this.#filled += count;
  }

  /** Hands over the whole body and forgets it. */
  take(): Uint8Array {
    const frame = this.#buffer!;
    this.#buffer = null;
    this.#filled = 0;
    this.#length = 0;
    return frame;
  }

  /** A buffer for at least `size` body bytes (exactly the body once it is whole). */
  #newBuffer(size: number): Uint8Array {
    if (!this.#lend) return new Uint8Array(size);
    // A kept buffer already big enough holds the whole body: no growing.
    if (this.#store.length >= this.#length) {
      return this.#store.subarray(0, this.#length);
    }
    this.#store = new Uint8Array(size);
    return this.#store;
  }

  /** Doubles the buffer (up to the body's length), keeping what arrived. */
  #grow(): void {
    const buffer = this.#buffer!;
    const grown = this.#newBuffer(Math.min(this.#length, 2 * buffer.length));
    grown.set(buffer.subarray(0, this.#filled));
    this.#buffer = grown;
  }
}
