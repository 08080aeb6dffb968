/**
 * What a notebook's prose promises about the repository holds: every path it
 * names exists, and the table of parts at its top lists exactly its numbered
 * sections, in order, with the same titles.
 */
import { assert, assertEquals } from "@std/assert";
import {
  cellSource,
  listNotebooks,
  readNotebook,
} from "../lib/tools/check_notebooks.ts";

const notebooks = await listNotebooks();

/** Paths under the repository's folders, as prose and cells write them. */
const REPO_PATH =
  /(?<![\w./-])(?:\.\.\/)?((?:lib|tests|notebooks|\.ci|\.github)\/[\w.\/-]*[\w-](?:\.[a-z]+)?)/g;

/** Names a notebook's text as repository paths, with the cell they appear in. */
function mentionedPaths(
  cells: { id?: string; source: string }[],
): { path: string; cell: string }[] {
  const found: { path: string; cell: string }[] = [];
  for (const cell of cells) {
    for (const match of cell.source.matchAll(REPO_PATH)) {
      found.push({ path: match[1], cell: cell.id ?? "?" });
    }
  }
  return found;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Markdown inline formatting removed, for comparing titles. */
function plain(text: string): string {
  return text.replaceAll("\\|", "|").replace(/[`*_]/g, "").replace(/\s+/g, " ")
    .trim().toLowerCase();
}

/** The numbered rows of the first table of the notebook's first cell. */
function partsTable(intro: string): { n: string; title: string }[] {
  return intro.split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) => line.split(/(?<!\\)\|/)[1]?.trim() ?? "")
    .map((first) => first.match(/^(\d+)\.\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ n: m[1], title: plain(withoutCitation(m[2])) }));
}

/** A trailing "(…)" (a citation or a gloss) is not part of a title. */
function withoutCitation(title: string): string {
  return title.replace(/\s*\([^()]*\)\s*$/, "");
}

/** The notebook's `## N. title` headings, a trailing "(…)" citation dropped. */
function numberedHeadings(markdown: string[]): { n: string; title: string }[] {
  return markdown.flatMap((source) =>
    source.split("\n").flatMap((line) => {
      const m = line.match(/^##\s+(\d+)\.\s+(.*)$/);
      return m ? [{ n: m[1], title: plain(withoutCitation(m[2])) }] : [];
    })
  );
}

Deno.test("the path pattern finds repository paths and ignores others", () => {
  const paths = mentionedPaths([{
    id: "x",
    source:
      "see `lib/programs/python/echo_client.py`, ../lib/mod.ts and tests/; not /usr/lib/x or https://a/lib/b.",
  }]).map((p) => p.path);
  assertEquals(paths, ["lib/programs/python/echo_client.py", "lib/mod.ts"]);
});

for (const path of notebooks) {
  Deno.test(`${path}: every repository path it mentions exists`, async () => {
    const nb = await readNotebook(path);
    const cells = nb.cells.map((c) => ({ id: c.id, source: cellSource(c) }));
    const missing: string[] = [];
    for (const mention of mentionedPaths(cells)) {
      if (!(await exists(mention.path))) {
        missing.push(`${mention.path} (celda ${mention.cell})`);
      }
    }
    assertEquals(missing, [], `missing paths: ${missing.join(", ")}`);
  });

  Deno.test(`${path}: the table of parts matches the numbered headings`, async () => {
    const nb = await readNotebook(path);
    const markdown = nb.cells.filter((c) => c.cell_type === "markdown").map(
      cellSource,
    );
    const table = partsTable(markdown[0] ?? "");
    const headings = numberedHeadings(markdown);
    assert(headings.length > 0, "no numbered ## headings");
    assert(table.length > 0, "the first cell has no table of numbered parts");
    // Same numbers in the same order; a row may shorten its heading (the
    // heading starts with the row's title), never name another part.
    assertEquals(table.map((r) => r.n), headings.map((h) => h.n));
    const mismatched = table.flatMap((row, i) =>
      headings[i].title.startsWith(row.title)
        ? []
        : [`${row.n}. «${row.title}» ≠ «${headings[i].title}»`]
    );
    assertEquals(mismatched, [], mismatched.join("; "));
  });
}
