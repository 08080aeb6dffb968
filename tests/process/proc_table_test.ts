import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { delay } from "../../lib/process/timing.ts";
import {
  buildProcessTree,
  createZombie,
  formatProcessTree,
  parseProcStat,
  processTreeText,
  readProcStat,
  spawnProcess,
  waitForProcState,
} from "../../lib/process/mod.ts";

Deno.test("parseProcStat reads pid, command, state and ppid", () => {
  const rows: [string, ReturnType<typeof parseProcStat>][] = [
    // a plain command
    ["1 (init) S 0 1 1 0 -1 4194560", {
      pid: 1,
      command: "init",
      state: "S",
      ppid: 0,
    }],
    // a command name with a space: a naive split would misplace every field
    ["812 (Web Content) R 700 812", {
      pid: 812,
      command: "Web Content",
      state: "R",
      ppid: 700,
    }],
    // a command name with ")" inside: the LAST ")" closes it
    ["9 (a) b) Z 3 9", { pid: 9, command: "a) b", state: "Z", ppid: 3 }],
  ];
  for (const [line, expected] of rows) {
    assertEquals(parseProcStat(line), expected);
  }
});

Deno.test("parseProcStat rejects malformed lines with SyntaxError", () => {
  for (
    const line of [
      "", // empty
      "12 init S 1", // no parentheses
      "x (a) S 1", // pid not a number
      "5 (a) 7 1", // state not a letter
      "5 (a) S", // no ppid
    ]
  ) {
    assertThrows(() => parseProcStat(line), SyntaxError);
  }
});

Deno.test("readProcStat rejects a non-positive pid and returns null for a missing one", () => {
  assertThrows(() => readProcStat(0), RangeError);
  assertEquals(readProcStat(2 ** 22 + 1), null);
});

Deno.test("buildProcessTree nests grandchildren and ignores other branches", () => {
  const tree = buildProcessTree([
    { pid: 1, command: "init", state: "S", ppid: 0 },
    { pid: 5, command: "other", state: "S", ppid: 1 },
    { pid: 10, command: "deno", state: "S", ppid: 1 },
    { pid: 12, command: "sh", state: "S", ppid: 10 },
    { pid: 11, command: "true", state: "R", ppid: 10 },
    { pid: 13, command: "sleep", state: "Z", ppid: 12 },
  ], 10);
  assertEquals(
    formatProcessTree(tree!),
    [
      "10 S deno",
      "├─ 11 R true",
      "└─ 12 S sh",
      "   └─ 13 Z sleep <defunct>",
    ].join("\n"),
  );
  assertEquals(buildProcessTree([], 10), null);
});

Deno.test("the process tree shows a running child under this process", async () => {
  await using child = spawnProcess("sleep", ["5"]);
  const row = await waitForProcState(child.pid, "S", { timeoutMs: 2000 });
  assertEquals(row?.ppid, Deno.pid);
  assertStringIncludes(processTreeText(), `${child.pid} S sleep`);
});

Deno.test("a finished child stays a zombie until its parent reaps it", async () => {
  await using demo = await createZombie();
  assertEquals(demo.zombie.state, "Z");
  assertEquals(readProcStat(demo.zombie.pid)?.state, "Z");
  assertEquals(demo.zombie.ppid, demo.parent.pid);
  assertStringIncludes(
    processTreeText(),
    `${demo.zombie.pid} Z ${demo.zombie.command} <defunct>`,
  );
  // Nothing reaps it behind our back (bash would reap a background job):
  // it is still a zombie a while later, until the parent calls waitpid().
  await delay(300);
  assertEquals(readProcStat(demo.zombie.pid)?.state, "Z");
  assertEquals(await demo.reap(), null);
  assertEquals(
    (await demo.parent.join()).stdout,
    `${demo.zombie.pid}\nreaped ${demo.zombie.pid} status 0\n`,
  );
});

Deno.test("createZombie says in Spanish when its Python parent is missing", async () => {
  const error = await assertRejects(
    () => createZombie(1000, "no-such-python-kit-test"),
    Deno.errors.NotFound,
  );
  assertStringIncludes(error.message, "necesita no-such-python-kit-test");
});
