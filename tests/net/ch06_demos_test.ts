/**
 * Notebook 06's demos: the UDP limits, the TCP handshake watch, the /proc
 * counters they read, and the sentences written beside them in every branch.
 */

import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { parseSnmp, snmpDelta } from "../../lib/net/snmp.ts";
import { floodUdp } from "../../lib/net/udp_limits.ts";
import { socketsOnPort } from "../../lib/net/tcp_handshake.ts";
import {
  describeHandshake,
  describeTcpVsUdp,
  describeUdpFlood,
} from "../../lib/net/ch06_sentences.ts";

Deno.test("snmp: a missing protocol or counter is a typed error", () => {
  assertThrows(() => parseSnmp("Tcp: A\nTcp: 1\n", "Udp"), TypeError);
  assertThrows(() => parseSnmp("Udp: A B\nUdp: 1\n", "Udp"), TypeError);
  assertThrows(() => snmpDelta({ A: 1 }, { A: 2 }, ["B"]), RangeError);
});

Deno.test("floodUdp: out-of-range sizes are refused before any socket opens", async () => {
  await assertRejects(() => floodUdp({ datagrams: 0 }), RangeError);
  await assertRejects(() => floodUdp({ sizeBytes: 2000 }), RangeError);
});

Deno.test("socketsOnPort ignores other ports and names unknown states by code", () => {
  const table =
    "hdr\n 0: 0100007F:0050 0100007F:1F90 06 x\n 1: 0100007F:0051 00000000:0000 0A x\n";
  assertEquals(socketsOnPort(table, 8080), [
    { localPort: 80, remotePort: 8080, state: "TIME-WAIT" },
  ]);
});

Deno.test("describeTcpVsUdp: a run that did not finish says so", () => {
  assertStringIncludes(describeTcpVsUdp(null, 40), "no terminó a tiempo");
});

Deno.test("describeUdpFlood: no loss, extra counter, and short counter read differently", () => {
  const base = {
    sent: 100,
    sizeBytes: 64,
    sendMs: 5,
    receiveBufferBytes: 212992,
  };
  assertStringIncludes(
    describeUdpFlood({ ...base, received: 100, rcvbufErrors: 0 }),
    "no se perdió ninguno",
  );
  assertStringIncludes(
    describeUdpFlood({ ...base, received: 40, rcvbufErrors: 70 }),
    "otro programa también perdió",
  );
  assertStringIncludes(
    describeUdpFlood({ ...base, received: 40, rcvbufErrors: 10 }),
    "por otra causa",
  );
});

Deno.test("describeHandshake: a busy machine is not passed off as our handshake", () => {
  const text = describeHandshake({
    afterOpen: [],
    afterClose: [],
    quiet: false,
    attempts: 8,
    open: { ActiveOpens: 3, PassiveOpens: 2, OutSegs: 9 },
    close: { ActiveOpens: 1, PassiveOpens: 0, OutSegs: 7 },
  });
  assertStringIncludes(text, "más de lo que explica una sola conexión");
});
