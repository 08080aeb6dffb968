/**
 * Child program of the workshop's pipe implementation (Taller §1.2): takes
 * tasks from its pipe, answers each with a result naming itself, and stops at
 * the poison pill "FIN". Its number comes as the first argument.
 * Logs, if any, go to stderr (`console.error`): stdout carries the frames.
 *
 * @module
 */

import { parentPipeDuplex } from "../pipe.ts";
import { serveWorkshopTasks } from "./task_loop.ts";

const parent = parentPipeDuplex();
const handled = await serveWorkshopTasks(parent, Deno.args[0] ?? "?");
await parent.close();
Deno.exit(handled > 0 ? 0 : 3);
