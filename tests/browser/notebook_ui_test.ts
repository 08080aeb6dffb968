/**
 * Notebook 00 in a real browser: Debian's chromium, driven by puppeteer-core,
 * against the real classic Jupyter Notebook server and the Deno kernel. Runs
 * every cell, clicks a quiz wrong then right, stops a runaway cell with the
 * Stop button, restarts the kernel, and finds the answered quiz in
 * `deno task progreso`.
 *
 * Screenshots go to `$KIT_SCREENSHOTS` when set (kept), else to the test's
 * temp dir (removed).
 */
import { assert, assertStringIncludes } from "@std/assert";
import { delay } from "@std/async/delay";
import puppeteer, { type Page } from "puppeteer-core";
import { notebookExecutionUnavailable } from "../../lib/tools/execute_notebook.ts";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  },
);
const JUPYTER = "/usr/bin/jupyter-notebook";
const kernel = await notebookExecutionUnavailable();
const missing = !CHROMIUM
  ? "chromium is not installed (apt-get install -y chromium)"
  : kernel ?? (exists(JUPYTER) ? null : `${JUPYTER} is missing`);
if (missing) {
  const banner = "!".repeat(78);
  console.warn(`\n${banner}\nBROWSER TEST IS SKIPPED: ${missing}\n${banner}\n`);
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function freePort(): number {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  return (listener.addr as Deno.NetAddr).port;
}

/** Polls `check` every 200 ms until it is truthy or `ms` pass. */
async function until<T>(
  what: string,
  ms: number,
  check: () => Promise<T>,
): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    await delay(200);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** Every code cell has run (a number in its prompt) and none is running. */
function allRan(page: Page, from = 0): Promise<boolean> {
  return page.evaluate((from) => {
    // deno-lint-ignore no-explicit-any
    const nb = (globalThis as any).Jupyter.notebook;
    // deno-lint-ignore no-explicit-any
    return nb.get_cells().slice(from).every((c: any) =>
      c.cell_type !== "code" || typeof c.input_prompt_number === "number"
    );
  }, from);
}

function runCell(page: Page, source: string): Promise<number> {
  return page.evaluate((source) => {
    // deno-lint-ignore no-explicit-any
    const nb = (globalThis as any).Jupyter.notebook;
    const cell = nb.insert_cell_at_bottom("code");
    cell.set_text(source);
    cell.execute();
    return nb.ncells() - 1;
  }, source);
}

function cellText(page: Page, index: number): Promise<string> {
  return page.evaluate((i) => {
    // deno-lint-ignore no-explicit-any
    const cell = (globalThis as any).Jupyter.notebook.get_cell(i);
    return cell.element[0].querySelector(".output_wrapper")?.innerText ?? "";
  }, index);
}

Deno.test({
  name:
    "notebook 00 in chromium: quiz clicks, Stop, restart, and the progress survives",
  ignore: missing !== null && Deno.env.get("CI") !== "true",
  // puppeteer's websocket and timers outlive single ops; the test closes
  // the browser and the server itself.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    if (missing) throw new Error(`CI must run the browser test: ${missing}`);
    const root = new URL("../../", import.meta.url).pathname;
    const dir = await Deno.makeTempDir({ prefix: "kit-browser-" });
    const shots = Deno.env.get("KIT_SCREENSHOTS") ?? `${dir}/shots`;
    await Deno.mkdir(shots, { recursive: true });
    const progress = `${dir}/progreso.json`;
    await Deno.symlink(`${root}lib`, `${dir}/lib`);
    await Deno.symlink(`${root}deno.json`, `${dir}/deno.json`);
    await Deno.mkdir(`${dir}/notebooks`);
    await Deno.copyFile(
      `${root}notebooks/00_start_here.ipynb`,
      `${dir}/notebooks/00_start_here.ipynb`,
    );
    const port = freePort();
    const token = crypto.randomUUID();
    const server = new Deno.Command(JUPYTER, {
      args: [
        "--no-browser",
        `--port=${port}`,
        "--ip=127.0.0.1",
        `--notebook-dir=${dir}`,
        `--NotebookApp.token=${token}`,
        "--allow-root",
      ],
      env: {
        KIT_PROGRESS_FILE: progress,
        JUPYTER_RUNTIME_DIR: `${dir}/runtime`,
      },
      stdout: "null",
      stderr: "null",
    }).spawn();
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--window-size=1200,900"],
      defaultViewport: { width: 1200, height: 900 },
    });
    try {
      await until(
        "the notebook server",
        60_000,
        async () => (await fetch(
          `http://127.0.0.1:${port}/api/status?token=${token}`,
        )
          .then(async (r) => (await r.body?.cancel(), r.ok))),
      );
      const page = await browser.newPage();
      await page.goto(
        `http://127.0.0.1:${port}/notebooks/notebooks/00_start_here.ipynb?token=${token}`,
        { waitUntil: "domcontentloaded", timeout: 120_000 },
      );
      const kernelReady = () =>
        page.evaluate(() =>
          // deno-lint-ignore no-explicit-any
          (globalThis as any).Jupyter?.notebook?.kernel?.info_reply?.status ===
            "ok"
        );
      await until("the Deno kernel", 90_000, kernelReady);

      // Run every cell, as a learner pressing Shift+Enter down the notebook.
      await page.evaluate(() =>
        // deno-lint-ignore no-explicit-any
        (globalThis as any).Jupyter.notebook.execute_all_cells()
      );
      await until("every cell to run", 240_000, () => allRan(page));
      await page.screenshot({ path: `${shots}/1-ran.png`, fullPage: false });

      // Quiz q1: a wrong choice, then the right one.
      const quizBox = await page.waitForSelector(".ipc-kit-quiz", {
        timeout: 10_000,
      });
      if (!quizBox) throw new Error("no clickable quiz in the page");
      await quizBox.scrollIntoView();
      const feedback = () =>
        page.$eval(
          ".ipc-kit-quiz .kq-feedback",
          (e) => (e as unknown as { innerText: string }).innerText,
        );
      await page.click('.ipc-kit-quiz input[value="b"]');
      await page.click('.ipc-kit-quiz button[data-action="check"]');
      const wrong = await until("the wrong verdict", 15_000, async () => {
        const text = await feedback();
        return text.includes("Incorrecto") ? text : "";
      });
      assertStringIncludes(wrong, "Pista");
      assert(
        !wrong.includes("La respuesta es"),
        "a first wrong try must not reveal the key",
      );
      await page.screenshot({ path: `${shots}/2-quiz-wrong.png` });
      await page.click('.ipc-kit-quiz input[value="a"]');
      await page.click('.ipc-kit-quiz button[data-action="check"]');
      const right = await until("the right verdict", 15_000, async () => {
        const text = await feedback();
        return text.includes("Correcto") ? text : "";
      });
      assertStringIncludes(right, "La respuesta es a)");
      await page.screenshot({ path: `${shots}/3-quiz-right.png` });

      // A runaway cell, stopped with the toolbar's Stop button.
      const loop = await runCell(page, "while (true) {}");
      await until("the loop to start", 30_000, () =>
        page.evaluate((i) =>
          // deno-lint-ignore no-explicit-any
          (globalThis as any).Jupyter.notebook.get_cell(i)
            .input_prompt_number === "*", loop));
      await delay(500);
      await page.screenshot({ path: `${shots}/4-runaway.png` });
      await page.click(
        'button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]',
      );
      await until("the loop to stop", 30_000, () => allRan(page, loop));
      const after = await runCell(
        page,
        "await showText(`framed sigue aquí: ${framed.length} bytes`);",
      );
      const kept = await until(
        "a cell after Stop",
        30_000,
        () => cellText(page, after),
      );
      assertStringIncludes(kept, "framed sigue aquí: 13 bytes");
      await page.screenshot({ path: `${shots}/5-after-stop.png` });

      // Restart the kernel from the toolbar (and its confirmation dialog).
      await page.evaluate(() => {
        // deno-lint-ignore no-explicit-any
        const g = globalThis as any;
        g.kitRestarted = false;
        g.Jupyter.notebook.events.one("kernel_ready.Kernel", () => {
          g.kitRestarted = true;
        });
      });
      await page.click(
        'button[data-jupyter-action="jupyter-notebook:confirm-restart-kernel"]',
      );
      const confirm = await page.waitForSelector(".modal-footer .btn-danger", {
        timeout: 10_000,
      });
      await confirm!.click();
      await until("the restarted kernel", 90_000, () =>
        page.evaluate(() =>
          // deno-lint-ignore no-explicit-any
          (globalThis as any).kitRestarted === true
        ));
      const table = await runCell(
        page,
        'import { showProgress } from "../lib/mod.ts";\nawait showProgress();',
      );
      const shown = await until(
        "the progress table",
        60_000,
        () => cellText(page, table),
      );
      assertStringIncludes(shown, "00_start_here.ipynb");
      await page.evaluate((i) =>
        // deno-lint-ignore no-explicit-any
        (globalThis as any).Jupyter.notebook.get_cell(i).element[0]
          .scrollIntoView(), table);
      await page.screenshot({ path: `${shots}/6-progress-after-restart.png` });

      const cli = await new Deno.Command(Deno.execPath(), {
        args: ["task", "progreso"],
        cwd: root,
        env: { KIT_PROGRESS_FILE: progress },
        stdout: "piped",
        stderr: "null",
      }).output();
      const text = new TextDecoder().decode(cli.stdout);
      // q1 answered (wrong first, so not right at the first try)
      assertStringIncludes(text, "| 00_start_here.ipynb | 1 de 3 | 0 |");
      await page.evaluate(() =>
        // deno-lint-ignore no-explicit-any
        (globalThis as any).Jupyter.notebook.session.delete()
      );
      await delay(1_000);
    } finally {
      await browser.close();
      server.kill("SIGTERM");
      await Promise.race([server.status, delay(15_000)]);
      if (!Deno.env.get("KIT_SCREENSHOTS")) {
        await Deno.remove(dir, { recursive: true });
      } else {
        console.log(`screenshots in ${shots}; temp dir ${dir}`);
      }
    }
  },
});
