import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  formatHttpRequest,
  httpByHand,
  parseHttpResponse,
  startDemoHttpServer,
} from "../../lib/net/http.ts";
import { startDnsHierarchy } from "../../lib/net/dns.ts";
import {
  DnsNameNotFoundError,
  DnsResolver,
} from "../../lib/net/dns_resolver.ts";
import { ProtocolError } from "../../lib/wire/errors.ts";

const encode = (text: string) => new TextEncoder().encode(text);

Deno.test("http by hand and fetch get the same answer from the same server", async () => {
  await using server = startDemoHttpServer();
  const byHand = await httpByHand({
    port: server.port,
    path: "/anime/detective-conan",
  });
  const viaFetch = await fetch(`${server.url}/anime/detective-conan`);
  assertEquals(byHand.response.status, viaFetch.status);
  assertEquals(byHand.bodyText, await viaFetch.text());
  assertEquals(
    byHand.response.headers["content-type"],
    viaFetch.headers.get("content-type"),
  );
  const posted = await httpByHand({
    port: server.port,
    method: "POST",
    path: "/eco",
    body: "canción",
  });
  assertEquals(JSON.parse(posted.bodyText), { recibido: "canción" });
  assertEquals(
    (await httpByHand({ port: server.port, path: "/nada" })).response.status,
    404,
  );
  assertEquals(server.requests, 4);
});

Deno.test("http request text counts body bytes, not characters", () => {
  const text = formatHttpRequest({
    method: "POST",
    path: "/eco",
    host: "h",
    body: "ñ",
  });
  assert(text.includes("Content-Length: 2\r\n"));
  assertThrows(
    () => formatHttpRequest({ path: "no-slash", host: "h" }),
    TypeError,
  );
  assertThrows(
    () => formatHttpRequest({ path: "/", host: "h\r\nX: y" }),
    TypeError,
  );
});

Deno.test("http response parser waits for bytes and rejects malformed responses", () => {
  const cases: [string, boolean, "partial" | "error" | number][] = [
    ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhol", false, "partial"], // body incomplete
    ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhol", true, "error"], // closed mid-body
    ["HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", false, 204], // empty body
    ["HTTP/1.0 200 OK\r\n\r\nuntil close", true, 200], // no length: body ends at close
    ["HTTP/1.1 200 OK\r\n", false, "partial"], // head incomplete
    ["SMTP 250 OK\r\n\r\n", false, "error"], // not HTTP
    ["HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, "error"], // bad length
  ];
  for (const [text, ended, expected] of cases) {
    if (expected === "error") {
      assertThrows(
        () => parseHttpResponse(encode(text), ended),
        ProtocolError,
        undefined,
        text,
      );
    } else if (expected === "partial") {
      assertEquals(parseHttpResponse(encode(text), ended), null, text);
    } else {
      assertEquals(
        parseHttpResponse(encode(text), ended)?.status,
        expected,
        text,
      );
    }
  }
});

const RECORDS = [
  { name: "www3.animeflv.net", address: "185.178.208.140", ttl: 30 },
  { name: "www.uc.cl", address: "146.155.1.1", ttl: 300 },
  { name: "canvas.uc.cl", address: "146.155.2.2", ttl: 300 },
];

Deno.test("dns walks root, TLD and authoritative, then serves from cache until the TTL", async () => {
  let now = 1_000_000;
  await using dns = startDnsHierarchy(RECORDS);
  await using resolver = new DnsResolver({
    rootPort: dns.rootPort,
    now: () => now,
  });
  const first = await resolver.resolve("WWW3.animeflv.net.");
  assertEquals(first.address, "185.178.208.140");
  assertEquals(first.fromCache, false);
  assertEquals(first.steps.map((s) => [s.role, s.reply.kind]), [
    ["raíz", "referral"],
    ["TLD", "referral"],
    ["autoritativo", "answer"],
  ]);
  const queriesAfterFirst = dns.servers.reduce((sum, s) => sum + s.queries, 0);
  assertEquals(queriesAfterFirst, 3);

  now += 29_000; // still within the 30 s TTL
  const second = await resolver.resolve("www3.animeflv.net");
  assertEquals([second.fromCache, second.steps.length, second.ttlLeft], [
    true,
    0,
    1,
  ]);
  assertEquals(dns.servers.reduce((sum, s) => sum + s.queries, 0), 3);

  now += 1_000; // the TTL is over: the walk happens again
  const third = await resolver.resolve("www3.animeflv.net");
  assertEquals([third.fromCache, third.steps.length], [false, 3]);
  assertEquals(dns.servers.reduce((sum, s) => sum + s.queries, 0), 6);
});

Deno.test("dns shares one TLD server between domains and answers NXDOMAIN for unknown names", async () => {
  await using dns = startDnsHierarchy(RECORDS);
  assertEquals(dns.servers.map((s) => `${s.role} ${s.zone}`).sort(), [
    "TLD cl",
    "TLD net",
    "autoritativo animeflv.net",
    "autoritativo uc.cl",
    "raíz .",
  ]);
  await using resolver = new DnsResolver({ rootPort: dns.rootPort });
  assertEquals((await resolver.resolve("canvas.uc.cl")).address, "146.155.2.2");
  await assertRejects(
    () => resolver.resolve("nadie.uc.cl"),
    DnsNameNotFoundError,
  );
  await assertRejects(
    () => resolver.resolve("www.example.com"),
    DnsNameNotFoundError,
  );
  await assertRejects(() => resolver.resolve("not a name"), TypeError);
});

Deno.test("dns resolver times out with a typed error when the root never answers", async () => {
  const silent = Deno.listenDatagram({
    hostname: "127.0.0.1",
    port: 0,
    transport: "udp",
  });
  try {
    await using resolver = new DnsResolver({
      rootPort: (silent.addr as Deno.NetAddr).port,
      timeoutMs: 30,
      attempts: 2,
    });
    await assertRejects(
      () => resolver.resolve("www.uc.cl"),
      Deno.errors.TimedOut,
    );
  } finally {
    silent.close();
  }
});
