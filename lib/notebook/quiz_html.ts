/**
 * The clickable form of a quiz: HTML with radio buttons and "Comprobar",
 * "Pista", "Ver respuesta" buttons, whose small script asks the kernel's
 * loopback endpoint (`quiz_server.ts`) to judge. The key and the "why" texts
 * are not in the HTML: only the kernel knows them, and it answers per click.
 *
 * Without scripts (nbconvert, GitHub, an untrusted output) the same HTML
 * still reads as the question with its letters and says how to answer in a
 * cell; the buttons stay disabled.
 *
 * @module
 */

import { LETTERS, type QuizSpec, validateQuiz } from "./quiz_judge.ts";

/** Where a quiz's HTML sends clicks. */
export interface QuizEndpoint {
  /** `http://127.0.0.1:<port>/v1/quiz`. */
  url: string;
  /** This kernel session's random token. */
  token: string;
}

/**
 * Escapes text for HTML (element content and quoted attributes).
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./quiz_html.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(escapeHtml(`<a href="x">&</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/**
 * Renders the small Markdown subset quiz texts use: `code`, **bold**,
 * *italics*, paragraphs and `- ` lists. Everything else is escaped text.
 *
 * @example
 * ```ts
 * import { markdownToHtml } from "./quiz_html.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(
 *   markdownToHtml("**Sí**: usa `a<b`\n\n- uno\n- *dos*"),
 *   "<p><strong>Sí</strong>: usa <code>a&lt;b</code></p>\n<ul><li>uno</li><li><em>dos</em></li></ul>",
 * );
 * ```
 */
export function markdownToHtml(markdown: string): string {
  const inline = (text: string) =>
    text.split(/(`[^`]*`)/).map((part) =>
      part.startsWith("`") && part.endsWith("`") && part.length > 1
        ? `<code>${escapeHtml(part.slice(1, -1))}</code>`
        : escapeHtml(part)
          .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
          .replace(/(^|[^*])\*([^*\s][^*]*?)\*/g, "$1<em>$2</em>")
    ).join("");
  const blocks = markdown.trim().split(/\n\s*\n/);
  return blocks.map((block) => {
    const lines = block.split("\n");
    if (lines.every((l) => l.startsWith("- "))) {
      return `<ul>${
        lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join("")
      }</ul>`;
    }
    const heading = /^#{1,6} (.*)$/.exec(block);
    if (heading) return `<p><strong>${inline(heading[1])}</strong></p>`;
    return `<p>${lines.map(inline).join("<br>")}</p>`;
  }).join("\n");
}

const STYLE = `
.ipc-kit-quiz{border:1px solid #bbb;border-radius:6px;padding:.6em 1em;max-width:52em;font-family:"DejaVu Sans",sans-serif}
.ipc-kit-quiz label{display:block;margin:.25em 0;cursor:pointer}
.ipc-kit-quiz button{margin:.4em .4em .2em 0;padding:.25em .9em}
.ipc-kit-quiz .kq-feedback{margin-top:.5em}
.ipc-kit-quiz .kq-right{color:#0b6e2e}.ipc-kit-quiz .kq-wrong{color:#a3150b}
`;

/**
 * The script each quiz carries: reads the chosen letter, posts the action
 * with the session token as `text/plain` (a "simple" request: no CORS
 * preflight) and shows the kernel's verdict. It holds no answer.
 */
function script(rootId: string, endpoint: QuizEndpoint, key: {
  chapter: string;
  id: string;
}): string {
  const config = JSON.stringify({ ...endpoint, ...key });
  return `(function(){
var root=document.getElementById(${JSON.stringify(rootId)});if(!root)return;
var cfg=${config.replaceAll("<", "\\u003c")};
var out=root.querySelector(".kq-feedback");
root.querySelector(".kq-offline").style.display="none";
root.querySelectorAll("button").forEach(function(b){b.disabled=false;b.addEventListener("click",function(){
var action=b.getAttribute("data-action");var picked=root.querySelector("input:checked");
if(action==="check"&&!picked){out.textContent="Elige una opción antes de comprobar.";return;}
var body={token:cfg.token,chapter:cfg.chapter,id:cfg.id,action:action};if(action==="check")body.letter=picked.value;
out.textContent="…";
fetch(cfg.url,{method:"POST",headers:{"Content-Type":"text/plain"},body:JSON.stringify(body)})
.then(function(r){return r.json();}).then(function(r){out.innerHTML=r.html;})
.catch(function(){out.textContent="No pude hablar con el kernel (¿se reinició?). Vuelve a ejecutar la celda de la pregunta, o responde en una celda con answer(\\""+cfg.id+"\\", \\"a\\").";});
});});})();`;
}

/**
 * The quiz's HTML, wired to `endpoint`.
 *
 * @example The key is not in the HTML
 * ```ts
 * import { quizHtml } from "./quiz_html.ts";
 * import { assert, assertStringIncludes } from "@std/assert";
 *
 * const html = quizHtml({
 *   id: "q1",
 *   question: "¿Un FIFO tiene nombre?",
 *   options: [
 *     { text: "Sí", correct: true, why: "SECRETO-SI" },
 *     { text: "No", why: "SECRETO-NO" },
 *   ],
 * }, "03", { url: "http://127.0.0.1:1/v1/quiz", token: "t" });
 * assertStringIncludes(html, 'value="b"');
 * assert(!html.includes("SECRETO") && !html.includes("correct"));
 * ```
 */
export function quizHtml(
  spec: QuizSpec,
  chapter: string,
  endpoint: QuizEndpoint,
): string {
  validateQuiz(spec);
  const rootId = `kq-${crypto.randomUUID()}`;
  const options = spec.options.map((o, i) => {
    const letter = LETTERS[i];
    return `<label><input type="radio" name="${rootId}" value="${letter}"> <strong>${letter})</strong> ${
      markdownToHtml(o.text).replace(/^<p>|<\/p>$/g, "")
    }</label>`;
  }).join("\n");
  return [
    `<div class="ipc-kit-quiz" id="${rootId}">`,
    `<style>${STYLE}</style>`,
    `<p><strong>Pregunta <code>${escapeHtml(spec.id)}</code></strong></p>`,
    markdownToHtml(spec.question),
    `<form onsubmit="return false">${options}</form>`,
    `<button type="button" data-action="check" disabled>Comprobar</button>`,
    `<button type="button" data-action="hint" disabled>Pista</button>`,
    `<button type="button" data-action="reveal" disabled>Ver respuesta</button>`,
    `<p class="kq-offline"><em>Responde en una celda con <code>await answer("${
      escapeHtml(spec.id)
    }", "a")</code>.</em></p>`,
    `<div class="kq-feedback" aria-live="polite"></div>`,
    `<script>${script(rootId, endpoint, { chapter, id: spec.id })}</script>`,
    `</div>`,
  ].join("\n");
}
