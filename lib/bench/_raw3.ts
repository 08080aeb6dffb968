const size = 1 << 20;
const bufSize = Number(Deno.args[0] ?? 65536);
const p = new Deno.Command("deno", {
  args: ["run", "-A", "/tmp/echo_srv.ts", String(size)],
  stdout: "piped",
}).spawn();
const reader = p.stdout.getReader();
const { value } = await reader.read();
reader.releaseLock();
const port = Number(new TextDecoder().decode(value).trim());
const conn = await Deno.connect({ hostname: "127.0.0.1", port });
conn.setNoDelay(true);
const msg = new Uint8Array(size);
const buf = new Uint8Array(bufSize);
const times: number[] = [];
let reads = 0;
for (let i = 0; i < 60; i++) {
  const t0 = performance.now();
  let o = 0;
  while (o < size) o += await conn.write(msg.subarray(o));
  let got = 0;
  reads = 0;
  while (got < size) {
    const n = await conn.read(buf);
    reads++;
    if (n === null) throw new Error("eof");
    got += n;
  }
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(
  "deno main <-> deno process echo: median ms",
  times[30].toFixed(3),
  "reads",
  reads,
);
conn.close();
await p.status;
await p.stdout.cancel().catch(() => {});
