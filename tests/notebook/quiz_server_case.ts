/**
 * Run by quiz_server_test.ts in a child process whose KIT_PROGRESS_FILE
 * points at a fresh temp file (see tests/own_process.ts).
 *
 * The quiz endpoint over real loopback HTTP: a click's verdict, the
 * progress it records, and every malformed or foreign request refused.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { quiz } from "../../lib/notebook/quiz.ts";
import {
  MAX_BODY_BYTES,
  startQuizServer,
} from "../../lib/notebook/quiz_server.ts";
import { submitAnswer } from "../../lib/notebook/quiz_session.ts";
import { readProgress } from "../../lib/notebook/progress.ts";
import { bankedQuestion } from "../../lib/notebook/quiz_bank.ts";
import { verdictHtml } from "../../lib/notebook/quiz.ts";

async function rawRequest(port: number, text: string): Promise<string> {
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode(text));
  const buf = new Uint8Array(4096);
  const n = await conn.read(buf);
  return new TextDecoder().decode(buf.subarray(0, n ?? 0));
}

Deno.test("a click is judged by the kernel session and recorded; foreign requests are refused", async () => {
  // Set by quiz_server_test.ts, which runs this module in a child process.
  const file = Deno.env.get("KIT_PROGRESS_FILE") ?? "";
  assert(file, "run through quiz_server_test.ts, which sets KIT_PROGRESS_FILE");
  {
    await quiz("00", "q2"); // registers 00/q2 in this session (prints text here)
    const q2 = bankedQuestion("00", "q2");
    const right = "abcdefgh"[q2.options.findIndex((o) => o.correct)];
    const wrong = right === "a" ? "b" : "a";
    await using server = await startQuizServer(async (a) => {
      const v = await submitAnswer(`${a.chapter}/${a.id}`, a.letter ?? "");
      return verdictHtml(v.message, "plain");
    });
    const { url, token } = server.endpoint;
    const origin = "http://localhost:8888";
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "text/plain", origin, ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const click = { token, chapter: "00", id: "q2", action: "check" };

    const first = await post({ ...click, letter: wrong });
    assertEquals(first.status, 200);
    assertEquals(first.headers.get("access-control-allow-origin"), origin);
    const wrongHtml = (await first.json()).html as string;
    assertStringIncludes(wrongHtml, "Incorrecto");
    const rightWhy = q2.options.find((o) => o.correct)!.why;
    assertEquals(wrongHtml.includes(rightWhy.slice(0, 30)), false);
    const second = (await (await post({ ...click, letter: right })).json())
      .html as string;
    assertStringIncludes(second, "Correcto");

    const saved = (await readProgress(file)).progress.quizzes["00/q2"];
    assertEquals(
      [saved.attempts, saved.firstTryRight, saved.solved],
      [2, false, true],
    );

    const refused: [Response, number][] = [
      [await post({ ...click, letter: right, token: "x" + token }), 400],
      [await post({ ...click, letter: "z" }), 400],
      [await post({ ...click, action: "eval", letter: right }), 400],
      [await post("{no es json"), 400],
      [
        await post({ ...click, letter: right }, {
          origin: "https://evil.example",
        }),
        403,
      ],
      [await post("x".repeat(MAX_BODY_BYTES + 1)), 413],
      [await fetch(url), 405],
      [await fetch(url.replace("/v1/quiz", "/otra")), 404],
    ];
    for (const [response, status] of refused) {
      await response.body?.cancel();
      assertEquals(response.status, status, response.url);
    }
    const evil = await post({ ...click, letter: right }, {
      origin: "https://evil.example",
    });
    assertEquals(evil.headers.get("access-control-allow-origin"), null);
    await evil.body?.cancel();

    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: { origin },
    });
    await preflight.body?.cancel();
    assertEquals(preflight.status, 204);
    assertEquals(preflight.headers.get("access-control-allow-origin"), origin);

    // DNS rebinding: a page served as evil.example resolving to 127.0.0.1
    const port = Number(new URL(url).port);
    const rebound = await rawRequest(
      port,
      `POST /v1/quiz HTTP/1.1\r\nHost: evil.example:${port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    assert(rebound.startsWith("HTTP/1.1 421"), rebound.slice(0, 40));
    // unchanged by the refused requests
    assertEquals(
      (await readProgress(file)).progress.quizzes["00/q2"].attempts,
      2,
    );
  }
});
