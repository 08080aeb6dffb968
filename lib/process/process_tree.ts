/**
 * The `ps f` look at the process table, done from Deno: rows from `/proc`
 * arranged as a tree under one process, drawn with box characters.
 *
 * Building and drawing the tree are pure functions over rows, so they are
 * tested without touching the real table.
 *
 * @module
 */

import { listProcesses, type ProcStat } from "./proc_fs.ts";

/** Why it exists: a process with its children, the shape `ps f` draws. */
export interface ProcessNode extends ProcStat {
  children: ProcessNode[];
}

/**
 * Arranges rows into the tree rooted at `rootPid` (children sorted by pid).
 * Returns `null` when the root is not among the rows.
 *
 * @example A parent with two children
 * ```ts
 * import { buildProcessTree } from "./process_tree.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const tree = buildProcessTree([
 *   { pid: 1, command: "init", state: "S", ppid: 0 },
 *   { pid: 3, command: "b", state: "Z", ppid: 1 },
 *   { pid: 2, command: "a", state: "R", ppid: 1 },
 * ], 1);
 * assertEquals(tree?.children.map((c) => c.pid), [2, 3]);
 * ```
 */
export function buildProcessTree(
  rows: readonly ProcStat[],
  rootPid: number,
): ProcessNode | null {
  const byParent = new Map<number, ProcStat[]>();
  let root: ProcStat | undefined;
  for (const row of rows) {
    if (row.pid === rootPid) root = row;
    const siblings = byParent.get(row.ppid) ?? [];
    siblings.push(row);
    byParent.set(row.ppid, siblings);
  }
  if (!root) return null;
  const seen = new Set<number>();
  const grow = (row: ProcStat): ProcessNode => {
    seen.add(row.pid);
    const kids = (byParent.get(row.pid) ?? [])
      .filter((k) => !seen.has(k.pid))
      .sort((a, b) => a.pid - b.pid);
    return { ...row, children: kids.map(grow) };
  };
  return grow(root);
}

/**
 * Draws a tree as text, one process per line: pid, state and command, with
 * zombies marked `<defunct>` like `ps` does.
 *
 * @example
 * ```ts
 * import { formatProcessTree } from "./process_tree.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = formatProcessTree({
 *   pid: 10, command: "deno", state: "S", ppid: 1, children: [
 *     { pid: 11, command: "sh", state: "S", ppid: 10, children: [
 *       { pid: 12, command: "sleep", state: "Z", ppid: 11, children: [] },
 *     ] },
 *   ],
 * });
 * assertEquals(text.split("\n"), [
 *   "10 S deno",
 *   "└─ 11 S sh",
 *   "   └─ 12 Z sleep <defunct>",
 * ]);
 * ```
 */
export function formatProcessTree(root: ProcessNode): string {
  const lines: string[] = [];
  const label = (n: ProcessNode) =>
    `${n.pid} ${n.state} ${n.command}${n.state === "Z" ? " <defunct>" : ""}`;
  const walk = (node: ProcessNode, prefix: string) => {
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      lines.push(`${prefix}${last ? "└─ " : "├─ "}${label(child)}`);
      walk(child, prefix + (last ? "   " : "│  "));
    });
  };
  lines.push(label(root));
  walk(root, "");
  return lines.join("\n");
}

/**
 * Reads the real table and draws the tree under a process (default: this
 * one) — the kit's `ps ft`.
 *
 * @example This process heads its own tree
 * ```ts
 * import { processTreeText } from "./process_tree.ts";
 * import { assert } from "@std/assert";
 *
 * assert(processTreeText().startsWith(`${Deno.pid} `));
 * ```
 */
export function processTreeText(rootPid: number = Deno.pid): string {
  const tree = buildProcessTree(listProcesses(), rootPid);
  if (!tree) {
    throw new RangeError(`No hay un proceso con pid ${rootPid} en /proc`);
  }
  return formatProcessTree(tree);
}
