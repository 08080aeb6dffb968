/**
 * The loopback HTTP endpoint that lets a click in a quiz's HTML reach the
 * kernel. Jupyter offers the Deno kernel no public comm channel, so the
 * kernel itself listens — an IPC lesson of its own: two processes (the
 * browser and the kernel) on one machine, talking over TCP on 127.0.0.1.
 *
 * Hardening, because any web page the learner opens could try to post here:
 * bound to 127.0.0.1 on a port the OS picks; a random per-session token every
 * request must carry (compared in constant time); the `Host` header must be
 * `127.0.0.1:<port>` (defeats DNS rebinding); CORS answers only the origins a
 * notebook page has (loopback http(s), VS Code's webview); POST of a small
 * JSON body only (4 KiB, read with a time bound); every field validated.
 *
 * @module
 */

import type { QuizEndpoint } from "./quiz_html.ts";

/** What a click asks. */
export interface QuizAction {
  chapter: string;
  id: string;
  action: "check" | "hint" | "reveal";
  /** The chosen letter, for `check`. */
  letter?: string;
}

/** Judges a click; returns the HTML to show under the quiz. */
export type QuizActionHandler = (action: QuizAction) => Promise<string>;

/** A running endpoint. */
export interface QuizServer extends AsyncDisposable {
  endpoint: QuizEndpoint;
  /** Stops listening and waits for open requests. */
  close(): Promise<void>;
}

/** The largest request body accepted. */
export const MAX_BODY_BYTES = 4096;
const BODY_TIMEOUT_MS = 5_000;

/**
 * Whether a page from `origin` may read the endpoint's answers: the notebook
 * front ends' origins (loopback http/https, VS Code's webview).
 *
 * @example
 * ```ts
 * import { allowedOrigin } from "./quiz_server.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(allowedOrigin("http://localhost:8888"), true);
 * assertEquals(allowedOrigin("vscode-webview://abc123"), true);
 * assertEquals(allowedOrigin("https://example.com"), false);
 * assertEquals(allowedOrigin("http://localhost.example.com"), false);
 * ```
 */
export function allowedOrigin(origin: string): boolean {
  if (/^vscode-webview:\/\/[a-z0-9-]+$/i.test(origin)) return true;
  return /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/.test(
    origin,
  );
}

function sameBytes(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  }
  return diff === 0;
}

async function readBounded(request: Request): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const timer = setTimeout(
    () => reader.cancel().catch(() => {}),
    BODY_TIMEOUT_MS,
  );
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } finally {
    clearTimeout(timer);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(all);
}

/**
 * Checks a parsed body is a well-formed action with the right token.
 *
 * @example
 * ```ts
 * import { parseQuizAction } from "./quiz_server.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const ok = { token: "t", chapter: "00", id: "q1", action: "check", letter: "b" };
 * assertEquals(parseQuizAction(ok, "t")?.letter, "b");
 * assertEquals(parseQuizAction({ ...ok, token: "x" }, "t"), null);
 * assertEquals(parseQuizAction({ ...ok, letter: "bb" }, "t"), null);
 * assertEquals(parseQuizAction({ ...ok, action: "eval" }, "t"), null);
 * ```
 */
export function parseQuizAction(
  body: unknown,
  token: string,
): QuizAction | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return null;
  }
  const b = body as Record<string, unknown>;
  if (typeof b.token !== "string" || !sameBytes(b.token, token)) return null;
  if (
    typeof b.chapter !== "string" || !/^[A-Za-z0-9_-]{1,8}$/.test(b.chapter)
  ) {
    return null;
  }
  if (typeof b.id !== "string" || !/^[A-Za-z0-9_-]{1,40}$/.test(b.id)) {
    return null;
  }
  if (b.action !== "check" && b.action !== "hint" && b.action !== "reveal") {
    return null;
  }
  if (b.action === "check") {
    if (typeof b.letter !== "string" || !/^[a-h]$/.test(b.letter)) return null;
    return { chapter: b.chapter, id: b.id, action: "check", letter: b.letter };
  }
  return { chapter: b.chapter, id: b.id, action: b.action };
}

/**
 * Starts the endpoint on 127.0.0.1 (OS-chosen port) with a fresh token.
 * `unref: true` lets the process exit while it listens (the kernel's lazy
 * server); tests close it instead.
 *
 * @example Posting a hint request
 * ```ts
 * import { startQuizServer } from "./quiz_server.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = await startQuizServer(async (a) => `pista de ${a.id}`);
 * const { url, token } = server.endpoint;
 * const reply = await fetch(url, {
 *   method: "POST",
 *   body: JSON.stringify({ token, chapter: "00", id: "q1", action: "hint" }),
 * });
 * assertEquals((await reply.json()).html, "pista de q1");
 * ```
 */
export function startQuizServer(
  handler: QuizActionHandler,
  options: { unref?: boolean } = {},
): Promise<QuizServer> {
  const token = [...crypto.getRandomValues(new Uint8Array(24))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  let port = 0;
  const { promise: listening, resolve } = Promise.withResolvers<void>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: (addr) => {
      port = addr.port;
      resolve();
    },
  }, async (request) => {
    const origin = request.headers.get("origin");
    const cors: Record<string, string> = origin && allowedOrigin(origin)
      ? {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "POST",
        "access-control-allow-headers": "content-type",
        "vary": "Origin",
      }
      : {};
    const reply = (status: number, html: string) =>
      Response.json({ html }, {
        status,
        headers: { ...cors, "cache-control": "no-store" },
      });
    if (request.headers.get("host") !== `127.0.0.1:${port}`) {
      return reply(421, "Host inesperado.");
    }
    if (origin !== null && !allowedOrigin(origin)) {
      return reply(403, "Origen no permitido.");
    }
    if (new URL(request.url).pathname !== "/v1/quiz") {
      return reply(404, "No existe.");
    }
    if (request.method === "OPTIONS") {
      return new Response(null, { status: 204, headers: cors });
    }
    if (request.method !== "POST") return reply(405, "Solo POST.");
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) return reply(413, "Demasiado grande.");
    let action: QuizAction | null = null;
    try {
      const text = await readBounded(request);
      if (text === null) return reply(413, "Demasiado grande.");
      action = parseQuizAction(JSON.parse(text), token);
    } catch {
      action = null;
    }
    if (!action) {
      return reply(
        400,
        "Solicitud no válida (¿una pregunta de una sesión anterior del kernel? Vuelve a ejecutar su celda).",
      );
    }
    try {
      return reply(200, await handler(action));
    } catch {
      return reply(500, "El kernel no pudo juzgar esta respuesta.");
    }
  });
  if (options.unref) server.unref();
  return listening.then(() => {
    const close = async () => {
      await server.shutdown();
    };
    return {
      endpoint: { url: `http://127.0.0.1:${port}/v1/quiz`, token },
      close,
      [Symbol.asyncDispose]: close,
    };
  });
}
