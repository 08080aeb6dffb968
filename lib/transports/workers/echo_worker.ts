/**
 * Worker entry: echoes every message back until the parent says goodbye.
 * Used by examples, tests and the latency comparisons of notebooks 03 and 05.
 * Each received message is this thread's own buffer, so it is handed back
 * with `sendTransfer` (no copy): the echo costs what the transport costs.
 *
 * @module
 */

import { parentPortDuplex } from "../worker_duplex.ts";

const parent = parentPortDuplex();
while (true) {
  const message = await parent.receive();
  if (message === null) break;
  const whole = message.byteOffset === 0 &&
    message.byteLength === message.buffer.byteLength;
  await parent.sendTransfer(
    whole ? message.buffer as ArrayBuffer : message.slice().buffer,
  );
}
await parent.close();
