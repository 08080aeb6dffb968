import { assertRejects } from "@std/assert";
import { withClientConn } from "../../lib/net/client.ts";
import { WaitTimeoutError } from "../../lib/util/deadline.ts";
import { withFullBacklog } from "../programs/full_backlog.ts";

Deno.test("withClientConn bounds the connect too, and leaves no pending op", async () => {
  await withFullBacklog(async (port) => {
    await assertRejects(
      () => withClientConn({ port, timeoutMs: 300 }, () => Promise.resolve()),
      WaitTimeoutError,
    );
  });
});
