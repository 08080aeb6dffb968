/**
 * Test program (both backends): receives into caller-owned buffers, and an
 * event loop that stays responsive while a rank waits.
 *
 * Rank 1 sends, per size, a patterned message; rank 0 receives each into a
 * buffer of exactly that size, then into a larger one (the view is the
 * message's length). A message bigger than the buffer must be a RangeError
 * and stay queued: rank 0 then takes it with a buffer that fits. Large
 * messages are received concurrently (Promise.all on different tags), so
 * some of them complete asynchronously. Finally rank 1 waits ~300 ms before
 * its last send while rank 0 is receiving; rank 0's timer must keep firing.
 * Rank 0 prints one JSON line.
 *
 * @module
 */

import { runSpmd } from "../../../lib/spmd/run.ts";

const SIZES = [0, 1, 8, 64, 65, 4096, 40_000, 1 << 20, 4 << 20];

function pattern(size: number, salt: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + salt) & 0xff;
  return bytes;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

await runSpmd(async (comm) => {
  if (comm.rank === 1) {
    for (const [i, size] of SIZES.entries()) {
      await comm.sendBytes(pattern(size, i), 0, i);
      await comm.sendBytes(pattern(size, i + 1), 0, 100 + i);
    }
    await comm.sendBytes(pattern(100, 9), 0, 200);
    await Promise.all(
      SIZES.map((size, i) => comm.sendBytes(pattern(size, i + 2), 0, 300 + i)),
    );
    await comm.barrier();
    // Long enough that rank 0 is surely inside its receive, even when a
    // loaded machine makes it leave the barrier late.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await comm.sendBytes(pattern(8, 3), 0, 400);
    return null;
  }
  if (comm.rank !== 0) return null;
  let exact = true;
  let larger = true;
  for (const [i, size] of SIZES.entries()) {
    const a = await comm.recvBytesInto(new Uint8Array(size), 1, i);
    exact &&= same(a.data, pattern(size, i)) && a.tag === i && a.source === 1;
    const roomy = new Uint8Array(size + 10).fill(0xee);
    const b = await comm.recvBytesInto(roomy, 1, 100 + i);
    larger &&= same(b.data, pattern(size, i + 1)) && b.data.buffer ===
        roomy.buffer &&
      roomy[size] === 0xee;
  }
  let tooSmall = "";
  try {
    await comm.recvBytesInto(new Uint8Array(99), 1, 200);
  } catch (error) {
    tooSmall = error instanceof RangeError ? "RangeError" : String(error);
  }
  const kept = await comm.recvBytesInto(new Uint8Array(100), 1, 200);
  const concurrent = await Promise.all(
    SIZES.map((size, i) =>
      comm.recvBytesInto(new Uint8Array(size), 1, 300 + i)
    ),
  );
  const concurrentOk = concurrent.every((m, i) =>
    same(m.data, pattern(SIZES[i], i + 2))
  );
  await comm.barrier();
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const last = await comm.recvBytes(1, 400);
  clearInterval(timer);
  const summary = {
    exact,
    larger,
    tooSmall,
    keptAfterError: same(kept.data, pattern(100, 9)),
    concurrentOk,
    lastOk: same(last.data, pattern(8, 3)),
    timerRanWhileWaiting: ticks > 3,
  };
  console.log(JSON.stringify(summary));
  return summary;
});
