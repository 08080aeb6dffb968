/**
 * Child-process entry of the pool's process backend: the task loop over
 * stdin/stdout, with a heartbeat while it works. Its name comes as the
 * first argument.
 *
 * @module
 */

import { parentPipeDuplex } from "../../transports/pipe.ts";
import { heartbeatDuplex } from "../pool_heartbeat.ts";
import { serveQueueTasks } from "../task_protocol.ts";

await using duplex = heartbeatDuplex(parentPipeDuplex());
await serveQueueTasks(duplex, Deno.args[0] ?? "proceso");
