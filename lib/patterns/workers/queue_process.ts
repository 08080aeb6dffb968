/**
 * Child-process entry of the pool's process backend: the task loop over
 * stdin/stdout. Its name comes as the first argument.
 *
 * @module
 */

import { parentPipeDuplex } from "../../transports/pipe.ts";
import { serveQueueTasks } from "../task_protocol.ts";

await serveQueueTasks(parentPipeDuplex(), Deno.args[0] ?? "proceso");
