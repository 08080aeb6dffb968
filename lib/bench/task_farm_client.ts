/**
 * Worker entry of the socket task farm: receives one order (port and number
 * of connections), runs the kit's task client that many times, one after
 * another, and reports what it answered.
 *
 * Started by `task_farm.ts`, never imported.
 *
 * @module
 */

/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />

import { runTaskClient } from "../net/task.ts";
import { parentPortDuplex } from "../transports/worker_duplex.ts";
import { jsonCodec, withCodec } from "../wire/codec.ts";
import type { FarmClientOrder, FarmClientReport } from "./task_farm.ts";
import { solveFarmTask } from "./task_farm.ts";

const channel = withCodec(
  parentPortDuplex(),
  jsonCodec<FarmClientOrder | FarmClientReport>(),
);
const order = await channel.receive() as FarmClientOrder | null;
if (order !== null) {
  if (!Number.isInteger(order.connections) || order.connections < 0) {
    throw new TypeError("connections debe ser un entero ≥ 0");
  }
  const results: string[] = [];
  for (let i = 0; i < order.connections; i++) {
    const outcome = await runTaskClient({
      port: order.port,
      solve: solveFarmTask,
      timeoutMs: 30_000,
    });
    results.push(outcome.result);
  }
  await channel.send({ results });
}
await channel.close();
