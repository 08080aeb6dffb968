/** Busy-poll pipes, FIFOs and sockets return every descriptor: checked in a process of its own. */
import { runInOwnProcess } from "../own_process.ts";

Deno.test("busy-poll pipes, FIFOs and sockets return every descriptor they opened", async () => {
  await runInOwnProcess(new URL("./descriptors_case.ts", import.meta.url));
});
