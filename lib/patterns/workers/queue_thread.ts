/**
 * Worker entry of the pool's thread backend: the task loop over the parent
 * port. Its name comes as the Worker's `name`.
 *
 * @module
 */

import { parentPortDuplex } from "../../transports/worker_duplex.ts";
import { serveQueueTasks } from "../task_protocol.ts";

await serveQueueTasks(parentPortDuplex(), self.name || "hilo");
