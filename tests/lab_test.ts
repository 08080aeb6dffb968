/**
 * `deno task lab` really opens the course: a Jupyter server on loopback that
 * lists the notebooks and offers the `deno` kernelspec, whose Stop interrupts
 * (`interrupt_mode: "message"`).
 */
import { assert, assertEquals } from "@std/assert";
import { delay } from "@std/async/delay";
import {
  denoKernelInstalled,
  findJupyter,
  labCommand,
  MISSING_JUPYTER_MESSAGE,
} from "../lib/tools/lab.ts";
import { listNotebooks } from "../lib/tools/check_notebooks.ts";

const jupyter = await findJupyter();
const inCi = Deno.env.get("CI") === "true";
if (!jupyter) {
  console.warn(
    "\n!!! `deno task lab` TEST IS IGNORED: Jupyter (lab or notebook) is not installed !!!\n",
  );
}

function freePort(): number {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  return listener.addr.port;
}

async function getJson(url: string): Promise<unknown | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    return await response.json();
  } catch {
    return null;
  }
}

Deno.test({
  name:
    "deno task lab serves the notebooks and the deno kernelspec on a loopback port",
  ignore: !jupyter && !inCi,
  sanitizeResources: false, // fetch keeps pooled loopback connections to the server we stop
  async fn() {
    if (!jupyter) throw new Error("CI must have Jupyter installed");
    const port = freePort();
    const token = crypto.randomUUID();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["task", "lab", "--no-browser", `--port=${port}`, "--ip=127.0.0.1"],
      env: { JUPYTER_TOKEN: token },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const stderr = child.stderr.pipeTo(new WritableStream());
    try {
      const base = `http://127.0.0.1:${port}/api`;
      const contents = await waitForJson(
        `${base}/contents?token=${token}`,
        60,
      ) as {
        content?: { name: string }[];
      };
      const names = (contents.content ?? []).map((c) => c.name);
      for (const path of await listNotebooks()) {
        assert(
          names.includes(path.split("/").at(-1)!),
          `${path} not listed: ${names}`,
        );
      }
      const specs = await getJson(`${base}/kernelspecs?token=${token}`) as {
        kernelspecs: Record<string, { spec?: { interrupt_mode?: string } }>;
      };
      assert(specs.kernelspecs.deno, "the deno kernelspec is not offered");
      // Stop must interrupt the cell, not kill the kernel (lab fixes the spec)
      assertEquals(specs.kernelspecs.deno.spec?.interrupt_mode, "message");
    } finally {
      child.kill("SIGTERM");
      const status = await child.status;
      await stderr;
      assertEquals(status.signal === null || status.signal === "SIGTERM", true);
    }
  },
});

Deno.test("labCommand opens notebooks/ and passes extra arguments through", () => {
  assertEquals(
    labCommand({ app: "lab" }, "/k/notebooks", [
      "--no-browser",
      "--port",
      "8890",
    ], false),
    [
      "lab",
      "--notebook-dir=/k/notebooks",
      "--no-browser",
      "--port",
      "8890",
    ],
  );
});

Deno.test("deno task lab without Jupyter exits non-zero with one line on how to install it", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "lab"],
    env: { PATH: "/nonexistent" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.success, false);
  const lines = new TextDecoder().decode(out.stderr).split("\n").filter((l) =>
    l.trim() && !l.includes("Task")
  );
  assertEquals(lines, [MISSING_JUPYTER_MESSAGE]);
});

Deno.test({
  name: "denoKernelInstalled agrees with the real jupyter kernelspec list",
  ignore: !jupyter,
  async fn() {
    const out = await new Deno.Command("jupyter", {
      args: ["kernelspec", "list", "--json"],
      stdout: "piped",
      stderr: "null",
    }).output();
    assert(out.success, "jupyter kernelspec list --json failed");
    const specs = JSON.parse(new TextDecoder().decode(out.stdout)) as {
      kernelspecs: Record<string, unknown>;
    };
    assertEquals(await denoKernelInstalled(), "deno" in specs.kernelspecs);
  },
});

/** Polls until the URL answers JSON; bounded by `tries` half-second waits. */
async function waitForJson(url: string, tries: number): Promise<unknown> {
  for (let i = 0; i < tries; i++) {
    const json = await getJson(url);
    if (json !== null) return json;
    await delay(500);
  }
  throw new Error(`${url} did not answer within ${tries / 2} s`);
}
