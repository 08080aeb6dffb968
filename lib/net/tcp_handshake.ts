/**
 * TCP's three-way handshake and its close, made visible on loopback with two
 * things Linux exposes: the connection's states in `/proc/net/tcp` (filtered
 * by our own port, so no other program can appear in them) and the
 * system-wide segment counters of `/proc/net/snmp` (which other programs do
 * move, so the demo repeats until a window holds only our connection, and
 * says so when none did).
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";
import { hasSnmpCounters, readSnmp, snmpDelta } from "./snmp.ts";

/** RFC 9293's state names, by the hex code `/proc/net/tcp` uses. */
const STATES: Record<string, string> = {
  "01": "ESTABLISHED",
  "02": "SYN-SENT",
  "03": "SYN-RECEIVED",
  "04": "FIN-WAIT-1",
  "05": "FIN-WAIT-2",
  "06": "TIME-WAIT",
  "07": "CLOSED",
  "08": "CLOSE-WAIT",
  "09": "LAST-ACK",
  "0A": "LISTEN",
  "0B": "CLOSING",
};

/** One socket of ours, as `/proc/net/tcp` lists it. */
export interface TcpSocketState {
  /** Local port. */
  localPort: number;
  /** Remote port (0 for a listening socket). */
  remotePort: number;
  /** RFC 9293 state name, e.g. `"ESTABLISHED"`. */
  state: string;
}

/**
 * The IPv4 sockets in `tcpTable` (the text of `/proc/net/tcp`) whose local or
 * remote port is `port`.
 *
 * @example
 * ```ts
 * import { socketsOnPort } from "./tcp_handshake.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const table = "  sl local rem st\n 0: 0100007F:1F90 00000000:0000 0A x\n";
 * assertEquals(socketsOnPort(table, 8080), [{ localPort: 8080, remotePort: 0, state: "LISTEN" }]);
 * ```
 */
export function socketsOnPort(
  tcpTable: string,
  port: number,
): TcpSocketState[] {
  const out: TcpSocketState[] = [];
  for (const line of tcpTable.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const localPort = parseInt(f[1].split(":")[1], 16);
    const remotePort = parseInt(f[2].split(":")[1], 16);
    if (localPort !== port && remotePort !== port) continue;
    out.push({ localPort, remotePort, state: STATES[f[3]] ?? f[3] });
  }
  return out;
}

const COUNTERS = ["ActiveOpens", "PassiveOpens", "OutSegs"] as const;

/** Growth of the system-wide TCP counters during one window. */
export interface CounterWindow {
  /** Connections opened by a `connect`. */
  ActiveOpens: number;
  /** Connections opened by an `accept`. */
  PassiveOpens: number;
  /** Segments sent, by every TCP socket of the machine. */
  OutSegs: number;
}

/** What {@linkcode watchTcpHandshake} saw. */
export interface HandshakeWatch {
  /** Our sockets once `connect` and `accept` returned. */
  afterOpen: TcpSocketState[];
  /** Our sockets once both sides had closed. */
  afterClose: TcpSocketState[];
  /** System-wide counter growth around connect+accept (null without /proc/net/snmp). */
  open: CounterWindow | null;
  /** System-wide counter growth around both closes. */
  close: CounterWindow | null;
  /** Whether, in the window kept, no other connection opened (ours was the only one). */
  quiet: boolean;
  /** Attempts made to find a quiet window. */
  attempts: number;
}

async function oneConnection(): Promise<
  Omit<HandshakeWatch, "quiet" | "attempts">
> {
  const counters = hasSnmpCounters();
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const table = () =>
    socketsOnPort(Deno.readTextFileSync("/proc/net/tcp"), port);
  const s0 = counters ? readSnmp("Tcp") : null;
  const accepting = listener.accept();
  const client = await deadline(
    Deno.connect({ hostname: "127.0.0.1", port }),
    2000,
    "el connect del cliente",
  );
  const server = await deadline(accepting, 2000, "el accept del servidor");
  const s1 = counters ? readSnmp("Tcp") : null;
  const afterOpen = table();
  // The client closes first, so it is the side that ends in TIME-WAIT.
  client.close();
  const eof = await deadline(
    server.read(new Uint8Array(1)),
    2000,
    "el FIN del cliente",
  );
  if (eof !== null) throw new TypeError("Se esperaba el FIN del cliente");
  server.close();
  let afterClose = table();
  const until = performance.now() + 500;
  while (
    afterClose.some((s) =>
      s.state === "LAST-ACK" || s.state === "FIN-WAIT-2"
    ) &&
    performance.now() < until
  ) {
    await new Promise((r) => setTimeout(r, 5));
    afterClose = table();
  }
  const s2 = counters ? readSnmp("Tcp") : null;
  return {
    afterOpen,
    afterClose,
    open: s0 && s1 ? snmpDelta(s0, s1, COUNTERS) : null,
    close: s1 && s2 ? snmpDelta(s1, s2, COUNTERS) : null,
  };
}

/**
 * Opens and closes one loopback TCP connection, up to `attempts` times, until
 * no other connection opened on the machine in the same windows; returns the
 * quietest attempt.
 *
 * @example One connection: LISTEN plus two ESTABLISHED, then TIME-WAIT
 * ```ts
 * import { watchTcpHandshake } from "./tcp_handshake.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const watch = await watchTcpHandshake({ attempts: 2 });
 * assertEquals(watch.afterOpen.map((s) => s.state).sort(), ["ESTABLISHED", "ESTABLISHED", "LISTEN"]);
 * assert(watch.afterClose.some((s) => s.state === "TIME-WAIT"));
 * assert(watch.open === null || watch.open.OutSegs >= 3);
 * ```
 */
export async function watchTcpHandshake(
  options: { attempts?: number } = {},
): Promise<HandshakeWatch> {
  const attempts = options.attempts ?? 8;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 50) {
    throw new RangeError(
      `attempts debe ser un entero entre 1 y 50, no ${attempts}`,
    );
  }
  let best: Omit<HandshakeWatch, "quiet" | "attempts"> | null = null;
  const noise = (w: typeof best) =>
    w?.open && w.close
      ? w.open.ActiveOpens + w.open.PassiveOpens + w.close.ActiveOpens +
        w.close.PassiveOpens - 2
      : 0;
  for (let i = 1; i <= attempts; i++) {
    const watch = await oneConnection();
    if (best === null || noise(watch) < noise(best)) best = watch;
    if (noise(best) === 0) {
      return { ...best, quiet: best.open !== null, attempts: i };
    }
  }
  return { ...best!, quiet: false, attempts };
}
