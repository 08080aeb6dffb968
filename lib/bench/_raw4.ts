import { framedDuplex } from "../wire/framed.ts";
const size = 1 << 20;
const p = new Deno.Command("/usr/bin/python3", {
  args: ["/tmp/echo_srv.py", String(size + 4)],
  stdout: "piped",
}).spawn();
const reader = p.stdout.getReader();
const { value } = await reader.read();
reader.releaseLock();
const port = Number(new TextDecoder().decode(value).trim());
const conn = await Deno.connect({ hostname: "127.0.0.1", port });
conn.setNoDelay(true);
const d = framedDuplex(conn);
const msg = new Uint8Array(size);
const times: number[] = [];
for (let i = 0; i < 60; i++) {
  const t0 = performance.now();
  await d.send(msg);
  const r = await d.receive();
  if (r!.length !== size) throw new Error("bad");
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log("framed deno <-> python echo: median ms", times[30].toFixed(3));
await d.close();
await p.status;
await p.stdout.cancel().catch(() => {});
