// raw deno tcp 1MiB echo with worker peer, no framing: floor for Deno
const size = Number(Deno.args[0] ?? 1 << 20);
const bufSize = Number(Deno.args[1] ?? 65536);
const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const code = `
const c = await Deno.connect({hostname:"127.0.0.1", port:${l.addr.port}});
c.setNoDelay(true);
const b = new Uint8Array(${bufSize});
let got = 0;
while (true) { const n = await c.read(b); if (n === null) break; got += n; while (got >= ${size}) { got -= ${size}; const m = new Uint8Array(${size}); let o=0; while(o<m.length) o+= await c.write(m.subarray(o)); } }
c.close(); self.postMessage("done");
`;
const w = new Worker(
  URL.createObjectURL(new Blob([code], { type: "text/javascript" })),
  { type: "module" },
);
const conn = await l.accept();
conn.setNoDelay(true);
const msg = new Uint8Array(size);
const buf = new Uint8Array(bufSize);
const times: number[] = [];
const wt: number[] = [];
for (let i = 0; i < 60; i++) {
  const t0 = performance.now();
  let o = 0;
  let writes = 0;
  while (o < size) {
    o += await conn.write(msg.subarray(o));
    writes++;
  }
  const tw = performance.now();
  if (i === 59) console.log("writes", writes);
  let got = 0;
  let reads = 0;
  while (got < size) {
    const n = await conn.read(buf);
    reads++;
    if (n === null) throw new Error("eof");
    got += n;
  }
  times.push(performance.now() - t0);
  wt.push(tw - t0);
  if (i === 59) console.log("reads per msg", reads);
}
times.sort((a, b) => a - b);
wt.sort((a, b) => a - b);
console.log("median ms", times[30].toFixed(3), "write part", wt[30].toFixed(3));
conn.close();
l.close();
await new Promise((r) => w.onmessage = r);
w.terminate();
