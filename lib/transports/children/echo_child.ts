/**
 * Child program: echoes every frame on stdin back on stdout until stdin ends.
 * The process-side twin of `workers/echo_worker.ts`.
 *
 * @module
 */

import { echoUntilClosed } from "../../wire/echo.ts";
import { parentPipeDuplex } from "../pipe.ts";

const parent = parentPipeDuplex({ blockingStdio: true });
await echoUntilClosed(parent);
await parent.close();
