/**
 * Child program of the fast-tier tests: an echo with reused buffers, over its
 * own stdio (`pipe`), over two FIFOs (`fifo READ_PATH WRITE_PATH`), or over
 * a socket it connects to (`tcp PORT [SPIN_MS]`, `unix PATH [SPIN_MS]`) with
 * blocking libc calls (each read spinning first for SPIN_MS, if given).
 * On its stdio or FIFOs, with `--allow-ffi` it busy-polls (the fast tier's
 * default), without it it uses blocking I/O. It never logs: stdout may carry
 * frames. A frame cut short by the other side exits with code 3.
 */

import { openFifoDuplexFast } from "../../lib/fast/fifo.ts";
import { parentPipeDuplexFast } from "../../lib/fast/pipe.ts";
import { connectTcpFast, connectUnixFast } from "../../lib/fast/sockets.ts";
import { echoUntilClosed } from "../../lib/wire/echo.ts";
import { TruncatedFrameError } from "../../lib/wire/errors.ts";

const [kind, first, second] = Deno.args;
const blocking = {
  reuseBuffers: true,
  busyPollMs: second === undefined ? false : Number(second),
  blockingIo: true,
} as const;
const duplex = kind === "fifo"
  ? await openFifoDuplexFast(first, second, 10_000, {
    reuseBuffers: true,
    blockingIo: true,
  })
  : kind === "tcp"
  ? await connectTcpFast({ port: Number(first), ...blocking })
  : kind === "unix"
  ? await connectUnixFast({ path: first, ...blocking })
  : parentPipeDuplexFast({ reuseBuffers: true, blockingStdio: true });
try {
  await echoUntilClosed(duplex);
} catch (error) {
  if (error instanceof TruncatedFrameError) Deno.exit(3);
  throw error;
} finally {
  await duplex.close();
}
