/**
 * HTTP/1.1 by hand over a raw TCP connection, next to `fetch`.
 *
 * Clase 03 shows a request and a response as text. Here the reader builds
 * the very same text (request line, headers, blank line, body with its
 * Content-Length), writes it to a TCP socket, and parses the reply — then
 * asks the same server with `fetch` and sees the same answer. Building and
 * parsing are pure functions over strings and bytes; only the exchange
 * touches the network.
 *
 * @module
 */

import { concat } from "@std/bytes";
import { deadline } from "../util/deadline.ts";
import { ProtocolError } from "../wire/errors.ts";

/** A request to format. */
export interface HttpRequestSpec {
  /** `GET` (default), `POST`, … */
  method?: string;
  /** The path asked for, e.g. `/anime/detective-conan`. */
  path: string;
  /** The `Host` header: the server's `host:port`. */
  host: string;
  /** Extra headers (they override the defaults). */
  headers?: Record<string, string>;
  /** A text body; sent with its Content-Length. */
  body?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Formats an HTTP/1.1 request (CRLF line ends, Content-Length when there is
 * a body, `Connection: close` so the exchange is one request).
 *
 * @example The class's request, by hand
 * ```ts
 * import { formatHttpRequest } from "./http.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = formatHttpRequest({ path: "/anime/detective-conan", host: "127.0.0.1:8080" });
 * assertEquals(text.split("\r\n")[0], "GET /anime/detective-conan HTTP/1.1");
 * assertEquals(text.endsWith("\r\n\r\n"), true);
 * ```
 */
export function formatHttpRequest(spec: HttpRequestSpec): string {
  const method = spec.method ?? "GET";
  if (!/^[A-Z]+$/.test(method)) {
    throw new TypeError(`Método HTTP no válido «${method}»`);
  }
  if (!spec.path.startsWith("/") || /[\s]/.test(spec.path)) {
    throw new TypeError(`Ruta de pedido no válida «${spec.path}»`);
  }
  const headers: Record<string, string> = {
    Host: spec.host,
    Accept: "text/html, application/json",
    Connection: "close",
    ...spec.headers,
  };
  if (spec.body !== undefined) {
    headers["Content-Length"] = String(encoder.encode(spec.body).length);
  }
  const lines = [`${method} ${spec.path} HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name + value)) {
      throw new TypeError(`El encabezado ${name} contiene un salto de línea`);
    }
    lines.push(`${name}: ${value}`);
  }
  return lines.join("\r\n") + "\r\n\r\n" + (spec.body ?? "");
}

/** A parsed response. */
export interface HttpResponseParts {
  /** The status code, e.g. 200. */
  status: number;
  /** The reason phrase, e.g. `OK`. */
  reason: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The status line and headers exactly as received. */
  head: string;
  /** The body's bytes. */
  body: Uint8Array;
}

/**
 * Parses a complete response, or returns `null` while bytes are missing
 * (head not finished, or body shorter than Content-Length). Without a
 * Content-Length the body is everything after the head (`ended` must then
 * be true: the server closed the connection).
 *
 * @example Incomplete, then complete
 * ```ts
 * import { parseHttpResponse } from "./http.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhola");
 * assertEquals(parseHttpResponse(bytes.subarray(0, 20)), null);
 * const parsed = parseHttpResponse(bytes)!;
 * assertEquals([parsed.status, new TextDecoder().decode(parsed.body)], [200, "hola"]);
 * ```
 */
export function parseHttpResponse(
  bytes: Uint8Array,
  ended = false,
): HttpResponseParts | null {
  const text = decoder.decode(bytes);
  const headEnd = text.indexOf("\r\n\r\n");
  if (headEnd < 0) {
    if (ended) {
      throw new ProtocolError(
        "La conexión se cerró antes del fin de los encabezados",
      );
    }
    return null;
  }
  const head = text.slice(0, headEnd);
  const [statusLine, ...headerLines] = head.split("\r\n");
  const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
  if (!match) {
    throw new ProtocolError(`Línea de estado mal formada «${statusLine}»`);
  }
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon <= 0) {
      throw new ProtocolError(`Línea de encabezado mal formada «${line}»`);
    }
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1)
      .trim();
  }
  const bodyStart = encoder.encode(text.slice(0, headEnd + 4)).length;
  const available = bytes.subarray(bodyStart);
  const declared = headers["content-length"];
  let body: Uint8Array;
  if (declared !== undefined) {
    const length = Number(declared);
    if (!Number.isInteger(length) || length < 0) {
      throw new ProtocolError(`Content-Length no válido «${declared}»`);
    }
    if (available.length < length) {
      if (ended) {
        throw new ProtocolError(
          "La conexión se cerró antes del fin del cuerpo",
        );
      }
      return null;
    }
    body = available.slice(0, length);
  } else {
    if (headers["transfer-encoding"]) {
      throw new ProtocolError(
        "Esta lectura a mano no maneja el cuerpo por trozos (chunked)",
      );
    }
    if (!ended) return null;
    body = available.slice();
  }
  return { status: Number(match[1]), reason: match[2], headers, head, body };
}

/**
 * Sends one request by hand over TCP to 127.0.0.1 and parses the response;
 * returns what was sent and what came back.
 *
 * @example Against a server started for the example
 * ```ts
 * import { httpByHand, startDemoHttpServer } from "./http.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = startDemoHttpServer();
 * const exchange = await httpByHand({ port: server.port, path: "/anime/detective-conan" });
 * assertEquals(exchange.response.status, 200);
 * ```
 */
export async function httpByHand(options: {
  /** The server's port on 127.0.0.1. */
  port: number;
  /** `GET` (default), `POST`, … */
  method?: string;
  /** The path asked for, e.g. `/anime/detective-conan`. */
  path: string;
  /** Extra headers (they override the defaults). */
  headers?: Record<string, string>;
  /** A text body; sent with its Content-Length. */
  body?: string;
  /** Bound on the whole exchange (default 5000 ms). */
  timeoutMs?: number;
}): Promise<{
  /** The request exactly as written to the socket. */
  requestText: string;
  /** The response, parsed. */
  response: HttpResponseParts;
  /** The response's body as text. */
  bodyText: string;
}> {
  const requestText = formatHttpRequest({
    ...options,
    host: `127.0.0.1:${options.port}`,
  });
  using conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: options.port,
  });
  const exchange = async () => {
    await conn.write(encoder.encode(requestText));
    let received: Uint8Array = new Uint8Array(0);
    const buffer = new Uint8Array(16 * 1024);
    while (true) {
      const n = await conn.read(buffer);
      if (n !== null) received = concat([received, buffer.subarray(0, n)]);
      const parsed = parseHttpResponse(received, n === null);
      if (parsed) return parsed;
    }
  };
  const response = await deadline(
    exchange(),
    options.timeoutMs ?? 5000,
    "la respuesta HTTP",
  );
  return { requestText, response, bodyText: decoder.decode(response.body) };
}

/**
 * Starts a small HTTP server for the notebook, on loopback, with
 * `GET /anime/detective-conan` (HTML), `POST /eco` (answers the body as
 * JSON) and 404 for anything else.
 *
 * @example `fetch` against it
 * ```ts
 * import { startDemoHttpServer } from "./http.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using server = startDemoHttpServer();
 * const response = await fetch(`${server.url}/eco`, { method: "POST", body: "hola" });
 * assertEquals(await response.json(), { recibido: "hola" });
 * ```
 */
export function startDemoHttpServer(): AsyncDisposable & {
  /** Its port on 127.0.0.1. */
  readonly port: number;
  /** `http://127.0.0.1:<port>`, for `fetch`. */
  readonly url: string;
  /** Requests served so far. */
  readonly requests: number;
  /** Stops the server. */
  close(): Promise<void>;
} {
  let requests = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (request) => {
      requests++;
      const url = new URL(request.url);
      if (
        request.method === "GET" && url.pathname === "/anime/detective-conan"
      ) {
        return new Response(
          "<html><body><h1>Detective Conan</h1><p>Episodio 1</p></body></html>",
          { headers: { "content-type": "text/html; charset=utf-8" } },
        );
      }
      if (request.method === "POST" && url.pathname === "/eco") {
        return Response.json({ recibido: await request.text() });
      }
      return new Response("No encontrado", { status: 404 });
    },
  );
  const port = server.addr.port;
  const close = () => server.shutdown();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
