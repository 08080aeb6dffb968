/**
 * Worker entry of the pool's thread backend: the task loop over the parent
 * port, with a heartbeat while it works. Its name comes as the Worker's
 * `name`.
 *
 * @module
 */

import { parentPortDuplex } from "../../transports/worker_duplex.ts";
import { heartbeatDuplex } from "../pool_heartbeat.ts";
import { serveQueueTasks } from "../task_protocol.ts";

await using duplex = heartbeatDuplex(parentPortDuplex());
await serveQueueTasks(duplex, self.name || "hilo");
