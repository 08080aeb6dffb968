import { encodeFrame, encodeFrames, FrameDecoder } from "../wire/frame.ts";
function time(label: string, n: number, f: () => void) {
  f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  const us = (performance.now() - t0) * 1000 / n;
  console.log(label, us.toFixed(2), "us/op");
}
const small = new Uint8Array(64), big = new Uint8Array(1 << 20);
time("encodeFrame 64B", 100000, () => {
  encodeFrame(small);
});
time("encodeFrame 1MiB", 200, () => {
  encodeFrame(big);
});
const many = encodeFrames(Array.from({ length: 1000 }, () => small));
time("decode 1000x64B in one chunk", 200, () => {
  const d = new FrameDecoder();
  d.push(many);
  while (d.next().kind === "frame");
});
const bigFrame = encodeFrame(big);
time("decode 1MiB in 64KiB chunks", 100, () => {
  const d = new FrameDecoder();
  for (let o = 0; o < bigFrame.length; o += 65536) {
    d.push(bigFrame.subarray(o, o + 65536));
  }
  if (d.next().kind !== "frame") throw 1;
});
