/**
 * UDP's limits, hit for real on loopback: the largest datagram IPv4 can carry
 * (65 507 bytes of payload; one more is refused with `EMSGSIZE`) and what
 * happens when a sender outruns its receiver (the receive buffer fills and
 * the operating system drops datagrams, counted in `RcvbufErrors`, while every
 * `send` reported success).
 *
 * Both demos use `Deno.listenDatagram` directly rather than the kit's
 * `bindUdp`, because `bindUdp` refuses oversized datagrams itself and the
 * point here is to hear the operating system say no.
 *
 * @module
 */

import { deadline, WaitTimeoutError } from "../util/deadline.ts";
import { hasSnmpCounters, readSnmp, snmpDelta } from "./snmp.ts";
import { MAX_UDP_PAYLOAD_BYTES } from "../transports/udp.ts";

function bindLoopback(): Deno.DatagramConn {
  return Deno.listenDatagram({
    hostname: "127.0.0.1",
    port: 0,
    transport: "udp",
  });
}

/** What {@linkcode probeUdpSizeLimit} saw. */
export interface UdpSizeProbe {
  /** Payload of the largest datagram sent (65 507 bytes over IPv4). */
  largestBytes: number;
  /** Bytes the receiver got in one `receive` for it (null if it never came). */
  receivedBytes: number | null;
  /** Payload of the datagram one byte over the limit. */
  oversizeBytes: number;
  /** The error code of that send (`"EMSGSIZE"`), or null if it went out. */
  oversizeCode: string | null;
}

/**
 * Sends the largest IPv4 UDP payload and one byte more on loopback.
 *
 * @example The limit, and one byte past it
 * ```ts
 * import { probeUdpSizeLimit } from "./udp_limits.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const probe = await probeUdpSizeLimit();
 * assertEquals(probe.receivedBytes, 65_507);
 * assertEquals(probe.oversizeCode, "EMSGSIZE");
 * ```
 */
export async function probeUdpSizeLimit(
  options: { timeoutMs?: number } = {},
): Promise<UdpSizeProbe> {
  const receiver = bindLoopback();
  const sender = bindLoopback();
  const largestBytes = MAX_UDP_PAYLOAD_BYTES;
  const oversizeBytes = MAX_UDP_PAYLOAD_BYTES + 1;
  const pending = receiver.receive();
  try {
    await sender.send(new Uint8Array(largestBytes), receiver.addr);
    let receivedBytes: number | null = null;
    try {
      const [data] = await deadline(
        pending,
        options.timeoutMs ?? 2000,
        "el datagrama más grande",
      );
      receivedBytes = data.length;
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
    }
    let oversizeCode: string | null = null;
    try {
      await sender.send(new Uint8Array(oversizeBytes), receiver.addr);
    } catch (error) {
      oversizeCode = (error as { code?: string }).code ?? String(error);
    }
    return { largestBytes, receivedBytes, oversizeBytes, oversizeCode };
  } finally {
    receiver.close();
    sender.close();
    await pending.catch(() => {});
  }
}

/** What {@linkcode floodUdp} saw. */
export interface UdpFloodResult {
  /** Datagrams sent; every `send` returned without error. */
  sent: number;
  /** Datagrams the receiver read once the sender had finished. */
  received: number;
  /** Bytes of payload per datagram. */
  sizeBytes: number;
  /** How long the sending loop took, in ms. */
  sendMs: number;
  /**
   * Growth of the system-wide `RcvbufErrors` counter during the run (null
   * where `/proc/net/snmp` does not exist). It counts every UDP socket of the
   * machine, so it is at least `sent - received` only when nothing else was
   * dropped meanwhile; it can be larger, never explained by us alone.
   */
  rcvbufErrors: number | null;
  /** The default receive buffer (`net.core.rmem_default`, bytes), or null. */
  receiveBufferBytes: number | null;
}

function readRmemDefault(): number | null {
  try {
    const n = Number(
      Deno.readTextFileSync("/proc/sys/net/core/rmem_default").trim(),
    );
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/**
 * Sends `datagrams` datagrams as fast as possible to a receiver that does not
 * read until the sender is done, then reads what the receive buffer kept.
 * Every wait is bounded: the drain stops after `quietMs` without a datagram.
 *
 * @example Most of a fast burst is dropped, and the sender never knew
 * ```ts
 * import { floodUdp } from "./udp_limits.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const flood = await floodUdp({ datagrams: 3000 });
 * assertEquals(flood.sent, 3000);
 * assert(flood.received < flood.sent);
 * ```
 */
export async function floodUdp(
  options: { datagrams?: number; sizeBytes?: number; quietMs?: number } = {},
): Promise<UdpFloodResult> {
  const sent = options.datagrams ?? 5000;
  const sizeBytes = options.sizeBytes ?? 64;
  if (!Number.isInteger(sent) || sent < 1 || sent > 100_000) {
    throw new RangeError(
      `datagrams debe ser un entero entre 1 y 100.000, no ${sent}`,
    );
  }
  if (!Number.isInteger(sizeBytes) || sizeBytes < 1 || sizeBytes > 1472) {
    throw new RangeError(
      `sizeBytes debe ser un entero entre 1 y 1.472, no ${sizeBytes}`,
    );
  }
  const counters = hasSnmpCounters();
  const receiver = bindLoopback();
  const sender = bindLoopback();
  let pending: Promise<unknown> | null = null;
  try {
    const before = counters ? readSnmp("Udp") : null;
    const payload = new Uint8Array(sizeBytes);
    const start = performance.now();
    for (let i = 0; i < sent; i++) await sender.send(payload, receiver.addr);
    const sendMs = performance.now() - start;
    let received = 0;
    while (received < sent) {
      const next: Promise<unknown> = receiver.receive();
      pending = next;
      try {
        await deadline(next, options.quietMs ?? 200, "el datagrama siguiente");
      } catch (error) {
        if (error instanceof WaitTimeoutError) break;
        throw error;
      }
      pending = null;
      received++;
    }
    const rcvbufErrors = before
      ? snmpDelta(before, readSnmp("Udp"), ["RcvbufErrors"]).RcvbufErrors
      : null;
    return {
      sent,
      received,
      sizeBytes,
      sendMs,
      rcvbufErrors,
      receiveBufferBytes: readRmemDefault(),
    };
  } finally {
    receiver.close();
    sender.close();
    await pending?.catch(() => {});
  }
}
