/**
 * UDP datagrams on loopback: messages without a connection.
 *
 * UDP is message-native (each `send` is one datagram, received whole or not
 * at all), so no framing is needed — but nothing guarantees delivery, order or
 * uniqueness, and there is no "the peer closed" signal. The kit exposes the
 * socket as is ({@linkcode bindUdp}) and, for the benchmarks, a
 * {@linkcode MessageDuplex} bound to one peer ({@linkcode udpDuplex}) whose
 * `receive()` only ends when *this* side closes.
 *
 * @module
 */

import type { MessageDuplex } from "../wire/duplex.ts";
import { DuplexClosedError } from "../wire/errors.ts";
import { checkPort } from "./tcp.ts";
import { formatNumber } from "../notebook/number_format.ts";

/** Largest UDP payload over IPv4 (65 535 − 8 UDP header − 20 IP header). */
export const MAX_UDP_PAYLOAD_BYTES = 65_507;

/** One datagram and who sent it. */
export interface Datagram {
  data: Uint8Array;
  from: Deno.NetAddr;
}

/** A bound UDP socket. */
export interface UdpSocket extends Disposable {
  readonly addr: Deno.NetAddr;
  /** Sends one datagram to `port` on 127.0.0.1 (or to a full address). */
  sendTo(data: Uint8Array, to: number | Deno.NetAddr): Promise<void>;
  /** The next datagram, or `null` once this socket is closed. */
  receiveFrom(): Promise<Datagram | null>;
  /** Closes the socket; a pending `receiveFrom()` resolves `null`. Idempotent. */
  close(): void;
}

/** Options of {@linkcode bindUdp}. */
export interface BindUdpOptions {
  /** Default `127.0.0.1`. */
  hostname?: string;
  /** Default 0 (the OS picks). */
  port?: number;
}

/**
 * Binds a UDP socket (needs `"unstable": ["net"]`, set in the kit's deno.json).
 *
 * @example One datagram between two sockets
 * ```ts
 * import { bindUdp } from "./udp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using a = bindUdp();
 * using b = bindUdp();
 * await a.sendTo(new Uint8Array([7]), b.addr.port);
 * const got = await b.receiveFrom();
 * assertEquals([...got!.data], [7]);
 * assertEquals(got!.from.port, a.addr.port);
 * ```
 */
export function bindUdp(options: BindUdpOptions = {}): UdpSocket {
  const hostname = options.hostname ?? "127.0.0.1";
  checkPort(options.port ?? 0);
  const conn = Deno.listenDatagram({
    hostname,
    port: options.port ?? 0,
    transport: "udp",
  });
  let closed = false;
  return {
    addr: conn.addr as Deno.NetAddr,
    async sendTo(data, to) {
      if (closed) throw new DuplexClosedError("send");
      if (data.length > MAX_UDP_PAYLOAD_BYTES) {
        throw new RangeError(
          `Un datagrama de ${
            formatNumber(data.length)
          } bytes supera el máximo de UDP, ${
            formatNumber(MAX_UDP_PAYLOAD_BYTES)
          } bytes`,
        );
      }
      const addr: Deno.NetAddr = typeof to === "number"
        ? { transport: "udp", hostname: "127.0.0.1", port: to }
        : to;
      await conn.send(data, addr);
    },
    async receiveFrom() {
      if (closed) return null;
      try {
        const [data, from] = await conn.receive();
        return { data, from: from as Deno.NetAddr };
      } catch (error) {
        if (closed) return null;
        throw error;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      conn.close();
    },
    [Symbol.dispose]() {
      this.close();
    },
  };
}

/**
 * A {@linkcode MessageDuplex} over a UDP socket, talking to one peer port.
 * Datagrams from anyone else are dropped. Closing the duplex closes the
 * socket. Unlike the stream duplexes it cannot notice the peer leaving.
 *
 * @example A datagram round trip as a duplex
 * ```ts
 * import { bindUdp, udpDuplex } from "./udp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const sa = bindUdp();
 * const sb = bindUdp();
 * await using a = udpDuplex(sa, sb.addr.port);
 * await using b = udpDuplex(sb, sa.addr.port);
 * await a.send(new TextEncoder().encode("hola"));
 * assertEquals(new TextDecoder().decode((await b.receive())!), "hola");
 * ```
 */
export function udpDuplex(socket: UdpSocket, peerPort: number): MessageDuplex {
  checkPort(peerPort);
  let closed = false;
  return {
    send(message) {
      if (closed) return Promise.reject(new DuplexClosedError("send"));
      return socket.sendTo(message, peerPort);
    },
    async receive() {
      while (!closed) {
        const datagram = await socket.receiveFrom();
        if (datagram === null) return null;
        if (datagram.from.port === peerPort) return datagram.data;
      }
      return null;
    },
    close() {
      closed = true;
      socket.close();
      return Promise.resolve();
    },
    [Symbol.asyncDispose]() {
      return this.close();
    },
  };
}

/**
 * Two UDP duplexes on loopback talking to each other (benchmarks, demos).
 *
 * @example
 * ```ts
 * import { udpDuplexPair } from "./udp.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [a, b] = udpDuplexPair();
 * await b.send(new Uint8Array([1, 2]));
 * assertEquals([...(await a.receive())!], [1, 2]);
 * await a.close();
 * await b.close();
 * ```
 */
export function udpDuplexPair(): [MessageDuplex, MessageDuplex] {
  const sa = bindUdp();
  const sb = bindUdp();
  return [udpDuplex(sa, sb.addr.port), udpDuplex(sb, sa.addr.port)];
}
