/**
 * Network communication: a bounded multi-client server, the class's socket
 * programs (echo, task protocol, reverse server), a safe arithmetic parser,
 * and the small systems of Clase 03 (lossy link, HTTP by hand, DNS walk,
 * communication types).
 *
 * @module
 */

export * from "./arithmetic.ts";
export * from "./idle.ts";
export * from "./server.ts";
export * from "./echo.ts";
export * from "./task.ts";
export * from "./reverse.ts";
export * from "./signals.ts";
export * from "./boundaries.ts";
export * from "./lossy_link.ts";
export * from "./reliable.ts";
export * from "./http.ts";
export * from "./dns.ts";
export * from "./dns_resolver.ts";
export * from "./communication.ts";
export * from "./remote.ts";
export * from "./python_interop.ts";
export * from "./server_demos.ts";
export * from "./attack_clients.ts";
export * from "./attack_demo.ts";
