/**
 * Jupyter's Stop button stops the cell, not the Deno kernel: the kit's
 * kernelspec fix sets `interrupt_mode: "message"`, and an interrupted
 * `while (true) {}` leaves the kernel alive with its globals intact.
 */
import { assert, assertEquals } from "@std/assert";
import {
  ensureMessageInterrupt,
  type KernelspecFix,
  setMessageInterrupt,
} from "../lib/tools/kernelspec.ts";
import {
  jupyterPython,
  notebookExecutionUnavailable,
} from "../lib/tools/execute_notebook.ts";

const unavailable = await notebookExecutionUnavailable();
const inCi = Deno.env.get("CI") === "true";
if (unavailable) {
  const banner = "!".repeat(78);
  console.warn(
    `\n${banner}\nKERNEL INTERRUPT TESTS ARE IGNORED: ${unavailable}\n${banner}\n`,
  );
}

/**
 * Drives the installed `deno` kernelspec through jupyter_client, the library
 * JupyterLab's server uses: `interrupt_kernel()` reads `interrupt_mode` from
 * the spec and sends either SIGINT or an `interrupt_request` message. Every
 * wait is bounded; SIGTERM (our timeout) still shuts the kernel down.
 */
const DRIVER = String.raw`
import json, queue, signal, sys, time
from jupyter_client import KernelManager

def stop(*_):
    raise SystemExit(3)
signal.signal(signal.SIGTERM, stop)

result = {}
km = KernelManager(kernel_name="deno")
km.start_kernel()
kc = km.client()
try:
    kc.start_channels()
    kc.wait_for_ready(timeout=90)
    result["interrupt_mode"] = km.kernel_spec.interrupt_mode
    if result["interrupt_mode"] != "message":
        # SIGINT would kill the kernel: nothing more to learn.
        raise SystemExit(0)

    def reply(msg_id, seconds):
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                msg = kc.get_shell_msg(timeout=left)
            except queue.Empty:
                return None
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]["status"]
        return None

    def output(msg_id, seconds):
        # Deno's kernel forwards console.log on its own task, so a stream
        # message may arrive after the cell's idle status: after idle, keep
        # reading (bounded) until the cell's output has come.
        text, end, idle = "", time.monotonic() + seconds, False
        while (left := end - time.monotonic()) > 0:
            if idle and text:
                break
            try:
                msg = kc.get_iopub_msg(timeout=left)
            except queue.Empty:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                text += msg["content"]["text"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
                end = min(end, time.monotonic() + 5)
        return text

    result["set"] = reply(kc.execute("globalThis.kept = 42;"), 60)
    loop = kc.execute("while (true) {}")
    # An interrupt that lands before the loop starts has nothing to stop,
    # so interrupt again until the loop's reply arrives (bounded).
    result["interrupts"] = 0
    result["loop"] = None
    while result["loop"] is None and result["interrupts"] < 20:
        km.interrupt_kernel()
        result["interrupts"] += 1
        result["loop"] = reply(loop, 2)
    after = kc.execute("console.log(globalThis.kept);")
    result["after"] = reply(after, 30)
    result["text"] = output(after, 30)
    result["alive"] = km.is_alive()
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    json.dump(result, sys.stdout)
`;

interface DriverResult {
  interrupt_mode: string;
  set: string | null;
  interrupts: number;
  loop: string | null;
  after: string | null;
  text: string;
  alive: boolean;
}

Deno.test({
  name:
    "Stop (interrupt_kernel) stops while (true) {} and the kernel keeps its globals",
  ignore: unavailable !== null && !inCi,
  async fn() {
    if (unavailable) throw new Error(`CI must run the kernel: ${unavailable}`);
    const out = await new Deno.Command(jupyterPython(), {
      args: ["-c", DRIVER],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(240_000),
    }).output();
    const stderr = new TextDecoder().decode(out.stderr).trim().slice(-2000);
    assert(out.success, `jupyter_client driver failed: ${stderr}`);
    const result = JSON.parse(
      new TextDecoder().decode(out.stdout),
    ) as DriverResult;
    assertEquals(
      result.interrupt_mode,
      "message",
      'the installed deno kernelspec lacks "interrupt_mode": "message" (run `deno task lab` or `deno run -A lib/tools/kernelspec.ts`)',
    );
    assertEquals(result.set, "ok");
    assert(
      result.loop !== null,
      `no reply to the interrupted loop after ${result.interrupts} interrupts`,
    );
    assertEquals(result.after, "ok");
    assertEquals(result.text.trim(), "42", "the global did not survive");
    assertEquals(result.alive, true);
  },
});

Deno.test({
  name:
    "ensureMessageInterrupt fixes the Deno kernelspec once and leaves other kernels alone",
  ignore: unavailable !== null && !inCi,
  async fn() {
    if (unavailable) throw new Error(`CI must run jupyter: ${unavailable}`);
    const dataDir = await Deno.makeTempDir({ prefix: "kit-kernelspec-" });
    try {
      const deno = `${dataDir}/kernels/deno-fixture/kernel.json`;
      const other = `${dataDir}/kernels/other-fixture/kernel.json`;
      await Deno.mkdir(`${dataDir}/kernels/deno-fixture`, { recursive: true });
      await Deno.mkdir(`${dataDir}/kernels/other-fixture`, { recursive: true });
      await Deno.writeTextFile(
        deno,
        JSON.stringify({
          argv: ["/usr/bin/deno", "jupyter", "--kernel", "--conn", "{c}"],
          display_name: "Deno fixture",
          language: "typescript",
        }),
      );
      const otherText = JSON.stringify({
        argv: ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{c}"],
        display_name: "Other fixture",
        language: "python",
      });
      await Deno.writeTextFile(other, otherText);
      // The user's real kernels live in JUPYTER_DATA_DIR; point it at ours.
      const env = { JUPYTER_DATA_DIR: dataDir };
      const mine = (fixes: KernelspecFix[]) =>
        fixes.filter((f) => f.path.startsWith(dataDir));

      const first = mine(await ensureMessageInterrupt({ env }));
      assertEquals(first.map((f) => [f.name, f.changed]), [[
        "deno-fixture",
        true,
      ]]);
      const spec = JSON.parse(await Deno.readTextFile(deno));
      assertEquals(spec.interrupt_mode, "message");
      assertEquals(spec.display_name, "Deno fixture");
      assertEquals(await Deno.readTextFile(other), otherText);

      const second = mine(await ensureMessageInterrupt({ env }));
      assertEquals(second.map((f) => [f.name, f.changed]), [[
        "deno-fixture",
        false,
      ]]);
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

Deno.test("setMessageInterrupt rejects a kernel.json that is not an object", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kit-kernelspec-" });
  try {
    const file = `${dir}/kernel.json`;
    await Deno.writeTextFile(file, "[1, 2]");
    let caught: unknown;
    try {
      await setMessageInterrupt(file);
    } catch (error) {
      caught = error;
    }
    assert(caught instanceof TypeError, String(caught));
    assertEquals(await Deno.readTextFile(file), "[1, 2]");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
