/**
 * The workshop's task child (`lib/transports/children/task_child.ts`,
 * Taller §1.2) with its end of the pipe traced: same frames on stdout, same
 * answers, same "FIN". Its events, stamped with its own clock, go to stderr
 * as `[traza] …` lines once its pipe is closed, so nothing is added to the
 * data wire. Its number comes as the first argument.
 *
 * @module
 */

import { parentPipeDuplex } from "../../transports/pipe.ts";
import { serveWorkshopTasks } from "../../transports/children/task_loop.ts";
import { traceDuplex } from "../duplex.ts";
import { TraceRecorder } from "../events.ts";
import { traceLines } from "../lines.ts";

const workerId = Deno.args[0] ?? "?";
const recorder = new TraceRecorder();
const parent = traceDuplex(parentPipeDuplex(), recorder, {
  self: `hijo ${workerId}`,
  peer: "padre",
});
const handled = await serveWorkshopTasks(parent, workerId);
await parent.close();
const encoder = new TextEncoder();
// One write may be partial: loop until every byte of the trace is out.
let pending = encoder.encode(traceLines(recorder.trace()).join("\n") + "\n");
while (pending.length > 0) {
  pending = pending.subarray(await Deno.stderr.write(pending));
}
Deno.exit(handled > 0 ? 0 : 3);
