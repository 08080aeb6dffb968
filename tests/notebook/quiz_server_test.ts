/** The quiz endpoint's test, in a child whose progress record is a temp file. */
import { runInOwnProcess } from "../own_process.ts";

Deno.test("a click is judged by the kernel session and recorded; foreign requests are refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kit-quiz-server-" });
  try {
    await runInOwnProcess(new URL("./quiz_server_case.ts", import.meta.url), {
      KIT_PROGRESS_FILE: `${dir}/progreso.json`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
