/**
 * Child program of the fast-tier tests: an echo with reused buffers, over its
 * own stdio (`pipe`) or over two FIFOs (`fifo READ_PATH WRITE_PATH`). With
 * `--allow-ffi` it busy-polls (the fast tier's default), without it it uses
 * blocking I/O. It never logs: stdout may carry frames.
 */

import { openFifoDuplexFast } from "../../lib/fast/fifo.ts";
import { parentPipeDuplexFast } from "../../lib/fast/pipe.ts";
import { echoUntilClosed } from "../../lib/wire/echo.ts";

const [kind, readPath, writePath] = Deno.args;
const duplex = kind === "fifo"
  ? await openFifoDuplexFast(readPath, writePath, 10_000, {
    reuseBuffers: true,
    blockingIo: true,
  })
  : parentPipeDuplexFast({ reuseBuffers: true, blockingStdio: true });
await echoUntilClosed(duplex);
await duplex.close();
