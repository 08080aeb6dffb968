/**
 * The Worker backend's communicator: ranks joined pairwise by MessagePorts.
 *
 * @module
 */

import {
  ANY_SOURCE,
  ANY_TAG,
  type Communicator,
  type Received,
  type ReduceOp,
} from "./communicator.ts";
import {
  checkReduceOp,
  decodeValue,
  encodeValue,
  reduceOperand,
  reduceValues,
} from "./codec.ts";
import { checkRank, checkTag, SpmdClosedError } from "./errors.ts";
import { Mailbox } from "./mailbox.ts";

/** What travels on a port between two ranks. */
interface WireMessage {
  /** 0 = point-to-point (user tags), 1 = collective (internal). */
  channel: 0 | 1;
  tag: number;
  bytes: Uint8Array;
}

/** Collective kinds, used as internal tags so a mismatch is detected. */
const COLLECTIVES = [
  "barrier",
  "bcast",
  "scatter",
  "gather",
  "reduce",
] as const;
type CollectiveKind = typeof COLLECTIVES[number];

/** Options of {@linkcode PortCommunicator}. */
export interface PortCommunicatorOptions {
  /** Bound of every wait (receive, collective step), in ms. Default 30000. */
  timeoutMs?: number;
}

/**
 * A {@linkcode Communicator} over MessagePorts: `ports[peer]` reaches rank
 * `peer` (null at this rank's own index). It exists so the same class serves
 * ranks in Workers and ranks running inline in one thread (tests, notebook
 * exercises). Sends complete at once (the port buffers); receives and
 * collectives wait at most `timeoutMs`. Collectives are built from messages
 * on a separate internal channel, so they never match user receives.
 *
 * @example Two ranks in one thread
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { PortCommunicator } from "./port_communicator.ts";
 *
 * const channel = new MessageChannel();
 * const a = new PortCommunicator(0, [null, channel.port1]);
 * const b = new PortCommunicator(1, [channel.port2, null]);
 * await a.send({ hola: "mundo" }, 1, 3);
 * assertEquals((await b.recv()).data, { hola: "mundo" });
 * assertEquals(await Promise.all([a.allreduce(2, "sum"), b.allreduce(5, "sum")]), [7, 7]);
 * a.close();
 * b.close();
 * ```
 */
export class PortCommunicator implements Communicator {
  readonly rank: number;
  readonly size: number;
  readonly backend = "workers" as const;
  readonly #ports: (MessagePort | null)[];
  readonly #timeoutMs: number;
  readonly #p2p = new Mailbox<Uint8Array>();
  readonly #collective = new Mailbox<Uint8Array>();

  constructor(
    rank: number,
    ports: (MessagePort | null)[],
    options: PortCommunicatorOptions = {},
  ) {
    checkRank(rank, ports.length, "rank");
    this.rank = rank;
    this.size = ports.length;
    this.#ports = ports;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    ports.forEach((port, peer) => {
      if (!port) return;
      port.onmessage = (event: MessageEvent<WireMessage>) => {
        const { channel, tag, bytes } = event.data;
        const box = channel === 0 ? this.#p2p : this.#collective;
        box.deliver({ source: peer, tag, data: bytes });
      };
    });
  }

  #post(dest: number, message: WireMessage): void {
    if (dest === this.rank) {
      const box = message.channel === 0 ? this.#p2p : this.#collective;
      box.deliver({
        source: dest,
        tag: message.tag,
        data: message.bytes.slice(),
      });
      return;
    }
    const port = this.#ports[dest];
    if (!port) throw new SpmdClosedError(`No hay canal hacia el rank ${dest}`);
    port.postMessage(message);
  }

  sendBytes(data: Uint8Array, dest: number, tag = 0): Promise<void> {
    try {
      if (!(data instanceof Uint8Array)) {
        throw new TypeError("sendBytes espera un Uint8Array");
      }
      checkRank(dest, this.size, "destination");
      checkTag(tag);
      this.#post(dest, { channel: 0, tag, bytes: data.slice() });
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async recvBytes(
    source = ANY_SOURCE,
    tag = ANY_TAG,
  ): Promise<Received<Uint8Array>> {
    checkRank(source, this.size, "source", true);
    checkTag(tag, true);
    return await this.#p2p.take(source, tag, this.#timeoutMs);
  }

  async recvBytesInto(
    buffer: Uint8Array,
    source = ANY_SOURCE,
    tag = ANY_TAG,
  ): Promise<Received<Uint8Array>> {
    if (!(buffer instanceof Uint8Array)) {
      throw new TypeError("recvBytesInto espera un Uint8Array");
    }
    const message = await this.recvBytes(source, tag);
    if (message.data.length > buffer.length) {
      this.#p2p.putBack(message);
      throw new RangeError(
        `Un mensaje de ${message.data.length} bytes del rank ${message.source} (etiqueta ${message.tag}) no cabe en un búfer de ${buffer.length} bytes`,
      );
    }
    buffer.set(message.data);
    return { ...message, data: buffer.subarray(0, message.data.length) };
  }

  send(value: unknown, dest: number, tag = 0): Promise<void> {
    try {
      return this.sendBytes(encodeValue(value), dest, tag);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async recv<T = unknown>(
    source = ANY_SOURCE,
    tag = ANY_TAG,
  ): Promise<Received<T>> {
    const message = await this.recvBytes(source, tag);
    return { ...message, data: decodeValue<T>(message.data) };
  }

  #sendCollective(kind: CollectiveKind, dest: number, value: unknown): void {
    this.#post(dest, {
      channel: 1,
      tag: COLLECTIVES.indexOf(kind),
      bytes: encodeValue(value ?? null),
    });
  }

  async #recvCollective<T>(kind: CollectiveKind, source: number): Promise<T> {
    const message = await this.#collective.take(source, -1, this.#timeoutMs);
    const theirs = COLLECTIVES[message.tag];
    if (theirs !== kind) {
      throw new Error(
        `Colectivas distintas: el rank ${source} llamó a ${theirs} mientras el rank ${this.rank} llamó a ${kind}`,
      );
    }
    return decodeValue<T>(message.data);
  }

  async #gatherTo<T>(kind: CollectiveKind, value: T, root: number) {
    checkRank(root, this.size, "root");
    if (this.rank !== root) {
      this.#sendCollective(kind, root, value);
      return null;
    }
    const values: T[] = [];
    for (let peer = 0; peer < this.size; peer++) {
      values.push(
        peer === root
          ? decodeValue<T>(encodeValue(value ?? null))
          : await this.#recvCollective<T>(kind, peer),
      );
    }
    return values;
  }

  async #fanOut<T>(
    kind: CollectiveKind,
    pick: (peer: number) => T,
    root: number,
  ) {
    checkRank(root, this.size, "root");
    if (this.rank === root) {
      for (let peer = 0; peer < this.size; peer++) {
        if (peer !== root) this.#sendCollective(kind, peer, pick(peer));
      }
      return decodeValue<T>(encodeValue(pick(root) ?? null));
    }
    return await this.#recvCollective<T>(kind, root);
  }

  async barrier(): Promise<void> {
    await this.#gatherTo("barrier", null, 0);
    await this.#fanOut("barrier", () => null, 0);
  }

  bcast<T>(value: T | undefined, root = 0): Promise<T> {
    return this.#fanOut("bcast", () => value as T, root);
  }

  scatter<T>(values: readonly T[] | undefined, root = 0): Promise<T> {
    if (
      this.rank === root &&
      (!Array.isArray(values) || values.length !== this.size)
    ) {
      return Promise.reject(
        new RangeError(
          `La raíz de scatter necesita exactamente ${this.size} valores`,
        ),
      );
    }
    return this.#fanOut(
      "scatter",
      (peer) => (values as readonly T[])[peer],
      root,
    );
  }

  gather<T>(value: T, root = 0): Promise<T[] | null> {
    return this.#gatherTo("gather", value, root);
  }

  reduce(value: number, op: ReduceOp, root?: number): Promise<number | null>;
  reduce(
    value: readonly number[],
    op: ReduceOp,
    root?: number,
  ): Promise<number[] | null>;
  async reduce(
    value: number | readonly number[],
    op: ReduceOp,
    root = 0,
  ): Promise<number | number[] | null> {
    checkReduceOp(op);
    const operand = reduceOperand(value);
    const operands = await this.#gatherTo("reduce", operand, root);
    if (!operands) return null;
    const result = reduceValues(operands, op);
    return typeof value === "number" ? result[0] : result;
  }

  allreduce(value: number, op: ReduceOp): Promise<number>;
  allreduce(value: readonly number[], op: ReduceOp): Promise<number[]>;
  async allreduce(
    value: number | readonly number[],
    op: ReduceOp,
  ): Promise<number | number[]> {
    const reduced = await this.reduce(reduceOperand(value), op, 0);
    const all = await this.bcast<number[]>(reduced ?? undefined, 0);
    return typeof value === "number" ? all[0] : all;
  }

  /** Stops listening and fails pending waits. Idempotent. */
  close(error?: Error): void {
    this.#p2p.close(error);
    this.#collective.close(error);
    for (const port of this.#ports) port?.close();
  }
}
