/**
 * Worker entry: echoes every message back until the parent says goodbye.
 * Used by examples, tests and the latency comparisons of notebooks 03 and 05.
 *
 * @module
 */

import { echoUntilClosed } from "../../bench/round_trip.ts";
import { parentPortDuplex } from "../worker_duplex.ts";

const parent = parentPortDuplex();
await echoUntilClosed(parent);
await parent.close();
