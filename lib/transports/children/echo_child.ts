/**
 * Child program: echoes every frame on stdin back on stdout until stdin ends.
 * The process-side twin of `workers/echo_worker.ts`. Teaching tier (async
 * stdio), like the other mechanisms it is compared with; the benchmark's
 * peer uses `lib/fast/pipe.ts`. It never logs: stdout carries the frames.
 *
 * @module
 */

import { echoUntilClosed } from "../../wire/echo.ts";
import { parentPipeDuplex } from "../pipe.ts";

const parent = parentPipeDuplex();
await echoUntilClosed(parent);
await parent.close();
