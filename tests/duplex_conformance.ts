/**
 * The shared conformance suite every {@linkcode MessageDuplex} adapter passes.
 *
 * The kit's promise is that TCP, Unix sockets, pipes, FIFOs, MessagePorts and
 * the shared-memory ring are interchangeable. That promise is only as good as
 * one set of checks applied to all of them, so each transport's test file
 * calls {@linkcode testDuplexConformance} with a factory of connected pairs.
 *
 * Stable API (other test files depend on it):
 *
 * ```ts ignore
 * testDuplexConformance("tcp", async () => [clientEnd, serverEnd], {
 *   killPeer: async (victim) => { ... },   // optional: simulate peer death
 * });
 * ```
 *
 * Both tiers run it: `tests/wire/framed_conformance.ts` registers it for a
 * framing function over TCP on loopback and over web stream pairs, once for
 * the teaching `framedDuplex` and once for `fastFramedDuplex`.
 *
 * Every case registers its own `Deno.test` named `<name>: <behaviour>`, runs
 * with the ops and resources sanitizers on, bounds every wait with a timeout
 * and closes both ends (plus `cleanup` from the factory) whatever happens.
 *
 * @module
 */

import { assert, assertEquals, assertRejects } from "@std/assert";
import type { MessageDuplex } from "../lib/wire/duplex.ts";
import { DuplexClosedError } from "../lib/wire/errors.ts";
import { deadline } from "../lib/util/deadline.ts";

/** Two connected ends: what `a` sends, `b` receives, and the other way round. */
export type DuplexPair = [MessageDuplex, MessageDuplex];

/**
 * A pair plus extra clean-up (terminate a worker, close a listener, remove a
 * temp dir) that runs after both ends are closed.
 */
export interface DuplexPairWithCleanup {
  pair: DuplexPair;
  cleanup: () => void | Promise<void>;
}

/** Builds one fresh connected pair per test case. */
export type DuplexPairFactory = () =>
  | DuplexPair
  | DuplexPairWithCleanup
  | Promise<DuplexPair | DuplexPairWithCleanup>;

/** What a survivor's `receive()` may do after its peer died. */
export type PeerDeathOutcome = "null" | "error" | "null-or-error";

/** Options of {@linkcode testDuplexConformance}. */
export interface DuplexConformanceOptions {
  /** Size of the "large message" case (default 1 MiB). */
  largeMessageBytes?: number;
  /** Messages in the "many messages" case (default 1000). */
  manyMessages?: number;
  /** Bound on every single wait in the suite (default 10 s). */
  timeoutMs?: number;
  /**
   * Kills `victim` abruptly (no clean close: kill the child, terminate the
   * worker, reset the socket, write half a frame then drop). When given, the
   * suite checks that the survivor's pending `receive()` settles — never
   * hangs — as `peerDeathOutcome` says.
   */
  killPeer?: (victim: MessageDuplex, survivor: MessageDuplex) => Promise<void>;
  /** Expected survivor outcome after `killPeer` (default "null-or-error"). */
  peerDeathOutcome?: PeerDeathOutcome;
  /** Case names (the text after `<name>: `) to skip, with the reason logged. */
  skip?: Record<string, string>;
  /** Passed to `Deno.test` (default true): the sanitizers check resources. */
  sanitizeResources?: boolean;
  /** Passed to `Deno.test` (default true). */
  sanitizeOps?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Bounds a promise: rejects with a `WaitTimeoutError` naming `what` when it
 * does not settle within `ms` (the kit's one deadline helper, kept under the
 * name the transport tests import).
 */
export function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  return deadline(promise, ms, what);
}

function patterned(size: number, salt: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + salt) & 0xff;
  return bytes;
}

type Case = (
  a: MessageDuplex,
  b: MessageDuplex,
  t: number,
) => Promise<void>;

/**
 * Registers the conformance cases for one adapter.
 *
 * @param name Prefix of every test name, e.g. `"tcp"` or `"pipe (child)"`.
 * @param makePair Factory of a fresh connected pair per case.
 * @param options Sizes, timeouts, and the optional peer-death hook.
 */
export function testDuplexConformance(
  name: string,
  makePair: DuplexPairFactory,
  options: DuplexConformanceOptions = {},
): void {
  const large = options.largeMessageBytes ?? 1024 * 1024;
  const many = options.manyMessages ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const outcome = options.peerDeathOutcome ?? "null-or-error";

  const cases: [string, Case][] = [
    ["messages arrive whole and in order, both ways", async (a, b, t) => {
      for (const word of ["uno", "dos", "tres"]) {
        await within(a.send(encoder.encode(word)), t, "send a→b");
      }
      await within(b.send(encoder.encode("cuatro")), t, "send b→a");
      for (const word of ["uno", "dos", "tres"]) {
        const got = await within(b.receive(), t, "receive at b");
        assertEquals(decoder.decode(got!), word);
      }
      assertEquals(
        decoder.decode((await within(a.receive(), t, "receive at a"))!),
        "cuatro",
      );
    }],
    [
      "empty messages are delivered as empty, not as the end",
      async (a, b, t) => {
        await within(a.send(new Uint8Array(0)), t, "send empty");
        await within(a.send(new Uint8Array([9])), t, "send one byte");
        assertEquals(
          (await within(b.receive(), t, "receive empty"))?.length,
          0,
        );
        assertEquals([...(await within(b.receive(), t, "receive byte"))!], [9]);
      },
    ],
    [`a ${large}-byte message arrives intact`, async (a, b, t) => {
      const big = patterned(large, 7);
      const [, got] = await within(
        Promise.all([a.send(big), b.receive()]),
        t,
        "large message",
      );
      if (got === null) throw new Error("Large message lost");
      assertEquals(got.length, large);
      assertEquals(got, patterned(large, 7));
    }],
    [`${many} concurrent sends arrive in order`, async (a, b, t) => {
      const sends = Array.from(
        { length: many },
        (_, i) => a.send(encoder.encode(`m${i}`)),
      );
      const received: string[] = [];
      const receiving = (async () => {
        for (let i = 0; i < many; i++) {
          received.push(decoder.decode((await b.receive())!));
        }
      })();
      await within(Promise.all([...sends, receiving]), t, "many messages");
      assertEquals(received, Array.from({ length: many }, (_, i) => `m${i}`));
    }],
    ["the sender may reuse its buffer once send settles", async (a, b, t) => {
      const buffer = encoder.encode("original");
      await within(a.send(buffer), t, "send");
      buffer.fill(0x21);
      await within(a.send(buffer), t, "send reused");
      assertEquals(
        decoder.decode((await within(b.receive(), t, "r1"))!),
        "original",
      );
      assertEquals(
        decoder.decode((await within(b.receive(), t, "r2"))!),
        "!!!!!!!!",
      );
    }],
    ["a clean close reads as null, and null again", async (a, b, t) => {
      await within(a.send(encoder.encode("último")), t, "send");
      await within(a.close(), t, "close");
      assertEquals(
        decoder.decode((await within(b.receive(), t, "r"))!),
        "último",
      );
      assertEquals(await within(b.receive(), t, "first null"), null);
      assertEquals(await within(b.receive(), t, "second null"), null);
    }],
    ["closing while a receive waits resolves it as null", async (a, b, t) => {
      const pending = b.receive();
      await new Promise((resolve) => setTimeout(resolve, 10));
      await within(b.close(), t, "close b");
      assertEquals(await within(pending, t, "pending receive"), null);
      assertEquals(await within(b.receive(), t, "receive after close"), null);
      void a;
    }],
    ["send after close is a DuplexClosedError", async (a, _b, t) => {
      await within(a.close(), t, "close");
      await assertRejects(
        () => within(a.send(new Uint8Array([1])), t, "send after close"),
        DuplexClosedError,
      );
    }],
    ["close is idempotent and releases everything", async (a, b, t) => {
      await within(Promise.all([a.close(), a.close()]), t, "double close a");
      await within(b.close(), t, "close b");
      await within(b.close(), t, "close b again");
      assertEquals(await within(a.receive(), t, "a after close"), null);
    }],
  ];

  if (options.killPeer) {
    const killPeer = options.killPeer;
    cases.push([
      "a dead peer never leaves a receive hanging",
      async (a, b, t) => {
        const pending = a.receive().then(
          (value) => ({ kind: "value" as const, value }),
          (error: unknown) => ({ kind: "error" as const, error }),
        );
        await within(killPeer(b, a), t, "kill peer");
        const settled = await within(pending, t, "survivor's receive");
        if (settled.kind === "value") {
          assert(outcome !== "error", "expected an error after peer death");
          assertEquals(settled.value, null);
        } else {
          assert(outcome !== "null", `expected null, got ${settled.error}`);
          assert(
            settled.error instanceof Error,
            "errors must be Error objects",
          );
        }
      },
    ]);
  }

  for (const [caseName, run] of cases) {
    const reason = options.skip?.[caseName];
    Deno.test({
      name: `${name}: ${caseName}`,
      ignore: reason !== undefined,
      sanitizeOps: options.sanitizeOps ?? true,
      sanitizeResources: options.sanitizeResources ?? true,
      async fn() {
        const made = await within(
          Promise.resolve(makePair()),
          timeoutMs,
          "make pair",
        );
        const { pair: [a, b], cleanup } = Array.isArray(made)
          ? { pair: made, cleanup: undefined }
          : made;
        try {
          await run(a, b, timeoutMs);
        } finally {
          await within(
            Promise.allSettled([a.close(), b.close()]),
            timeoutMs,
            "final close",
          );
          await cleanup?.();
        }
      },
    });
  }
}
