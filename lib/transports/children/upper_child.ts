/**
 * Child program of the interactive echo (multiprocessing notebook, Pipe
 * example 1): answers each text message in upper case, prefixed "H: ", and
 * stops at "end". It answers instead of printing because a notebook cannot
 * see a child's terminal.
 * Stdout carries the frames, so nothing here logs with `console.log`.
 *
 * @module
 */

import { parentPipeDuplex } from "../pipe.ts";

const parent = parentPipeDuplex();
const decoder = new TextDecoder();
const encoder = new TextEncoder();
while (true) {
  const message = await parent.receive();
  if (message === null) break;
  const text = decoder.decode(message);
  if (text === "end") break;
  await parent.send(encoder.encode(`H: ${text.toUpperCase()}`));
}
await parent.close();
