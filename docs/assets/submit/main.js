// 「事例を投稿する」: the form, validation as you type, draft, YAML out (download, copy, GitHub) and in (file,
// pasted text, published case). Works without login or server; no contributor text is inserted as HTML.
import * as YAML from "../vendor/yaml/index.js";
import { Validator } from "../vendor/cfworker-json-schema/index.js";
import { schemaProblems, label, say as word, setWords } from "./explain.js";
import { buildForm, h } from "./form.js";

export const MAX_BYTES = 256 * 1024; // as generator/read/load.py
const DRAFT_KEY = "cc-submit-draft";
const HEADER = "# yaml-language-server: $schema=../generator/schema/case.schema.json\n";
// YAML 1.1 as PyYAML reads it (generator/read/load.py: safe loader without timestamps). Where the yaml package's
// 1.1 schema is wider than PyYAML's implicit resolvers (y/n, 1E2, 09), PyYAML's patterns are used, so the
// form reads and writes the same values the CLI does.
const PYYAML_TESTS = {
  "tag:yaml.org,2002:bool": (t) => (t.test.test("yes") ? /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/ : /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/),
  "tag:yaml.org,2002:float": (t) => (t.format === "EXP" ? /^[-+]?[0-9][0-9_]*\.[0-9_]*[eE][-+][0-9]+$/
    : t.test.test("1.5") ? /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/ : t.test),
  "tag:yaml.org,2002:int": (t) => (t.format ? t.test : /^[-+]?(?:0|[1-9][0-9_]*)$/),
};
const pyyamlTags = (tags) => tags
  .filter((t) => t.tag !== "tag:yaml.org,2002:timestamp")
  .map((t) => (PYYAML_TESTS[t.tag] && t.test ? { ...t, test: PYYAML_TESTS[t.tag](t) } : t));
const YAML_OPTIONS = { version: "1.1", customTags: pyyamlTags };
const GITHUB_URL_LIMIT = 8000;

const app = document.getElementById("cc-submit");
const $ = (id) => document.getElementById(id);
const state = { schema: null, form: null, validator: null, registry: new Map(), published: null, existing: false, timer: 0, draftTimer: 0 };

function withoutFormats(node) { // the CLI treats "format" as an annotation: so does the form
  if (Array.isArray(node)) return node.map(withoutFormats);
  if (node && typeof node === "object") {
    const out = {};
    for (const [k, v] of Object.entries(node)) if (k !== "format") out[k] = withoutFormats(v);
    return out;
  }
  return node;
}

function say(id, text) { const el = $(id); el.textContent = text; el.hidden = !text; }

const FLOW_KEYS = new Set(["unknown", "approx", "min", "max", "lat", "lon"]);

export function toYaml(data) { // small maps as the project writes them: {unknown: 公開資料に記載なし}, {lat: …, lon: …}
  const doc = new YAML.Document(data, YAML_OPTIONS);
  YAML.visit(doc, {
    Map(_, node) {
      if (node.items.length && node.items.every((p) => FLOW_KEYS.has(String(p.key && p.key.value)) && YAML.isScalar(p.value))) node.flow = true;
    },
  });
  return HEADER + doc.toString({ lineWidth: 0 });
}

function collect() {
  state.registry = new Map();
  return state.form.get([], state.registry);
}

// The nearest widget for a path (like Document.where: the value, else its nearest parent).
function entryFor(path) {
  for (let p = path.slice(); ; p = p.slice(0, -1)) {
    const e = state.registry.get(JSON.stringify(p));
    if (e || !p.length) return e;
  }
}

function problemsOf(data) {
  if (state.validator.validate(data).valid) return [];
  const found = schemaProblems(data, state.schema);
  if (found.length) return found;
  const first = state.validator.validate(data).errors.at(-1);
  return [{ path: [], message: `入力内容が正しくありません（${first ? first.instanceLocation : ""}）` }];
}

function requiredTarget(p) { // 「必須の項目「…」(key) がありません」 is shown at the missing field itself
  const m = /必須の項目「[^」]*」\(([^)]+)\) がありません/.exec(p.message);
  if (m && state.registry.has(JSON.stringify([...p.path, m[1]]))) return [...p.path, m[1]];
  return p.path;
}

function validate() {
  const data = collect();
  const problems = problemsOf(data);
  for (const e of state.registry.values()) {
    e.error.hidden = true;
    e.error.textContent = "";
    const input = e.input && e.input();
    if (input) input.removeAttribute("aria-invalid");
  }
  const list = $("cc-summary-list");
  list.replaceChildren();
  for (const p of problems) {
    const entry = entryFor(requiredTarget(p));
    if (!entry) continue;
    entry.error.hidden = false;
    entry.error.append(h("span", { class: "cc-error__line", text: p.message }));
    const input = entry.input && entry.input();
    if (input) input.setAttribute("aria-invalid", "true");
    const target = entry.focus();
    const link = h("a", { href: `#${target ? target.id : ""}`, text: p.message });
    link.addEventListener("click", (ev) => {
      ev.preventDefault();
      for (let d = target && target.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
      if (target) { target.scrollIntoView({ block: "center" }); target.focus(); }
    });
    list.append(h("li", {}, link));
  }
  $("cc-summary").hidden = problems.length === 0;
  $("cc-summary-title").textContent = `入力内容に ${problems.length} 件の問題があります`;
  say("cc-valid", problems.length ? "" : "入力内容に問題は見つかりませんでした（programmes/ の年度・自治体コードなどの確認はプルリクエストで行われます）。");
  const yaml = toYaml(data);
  $("cc-yaml").value = yaml;
  updateGithub(data, yaml);
  return { data, problems, yaml };
}

function updateGithub(data, yaml) {
  const repo = app.dataset.repo;
  const id = typeof data.id === "string" && /^[a-z0-9][a-z0-9-]{2,63}$/.test(data.id) ? data.id : null;
  const link = $("cc-github");
  const note = $("cc-github-note");
  if (!repo || !id) {
    link.removeAttribute("href");
    link.setAttribute("aria-disabled", "true");
    note.textContent = "「事例ID」を書くと、GitHub の画面を開けます。";
    return;
  }
  link.removeAttribute("aria-disabled");
  const existing = state.published && state.published.has(id);
  if (existing) {
    link.href = `${repo}/edit/main/cases/${encodeURIComponent(id)}.yml`;
    note.textContent = `掲載中の事例 cases/${id}.yml の編集画面を開きます。「コピー」した YAML を貼り付けて、内容を置き換えてください。`;
    return;
  }
  const url = `${repo}/new/main?filename=${encodeURIComponent(`cases/${id}.yml`)}&value=${encodeURIComponent(yaml)}`;
  if (url.length <= GITHUB_URL_LIMIT) {
    link.href = url;
    note.textContent = `cases/${id}.yml を新しく作る画面を、内容を入れた状態で開きます。`;
  } else {
    link.href = `${repo}/new/main?filename=${encodeURIComponent(`cases/${id}.yml`)}`;
    note.textContent = "内容が長いため、GitHub の画面には入れられません。「コピー」した YAML を貼り付けてください。";
  }
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(validate, 150);
  clearTimeout(state.draftTimer);
  state.draftTimer = setTimeout(saveDraft, 400);
}

function saveDraft() {
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(collect()));
    const t = new Date();
    say("cc-draft", `下書きを保存しました（${t.toLocaleTimeString("ja-JP")}）`);
  } catch {
    say("cc-draft", "下書きを保存できませんでした（ブラウザの設定で保存が許可されていません）。");
  }
}

// --- loading ---------------------------------------------------------------------------------------------
function byteLength(text) { return new TextEncoder().encode(text).length; }

function tooLarge(size) {
  return word("yaml_too_large", { size: word("yaml_bytes", { size: size.toLocaleString("en-US") }), limit: MAX_BYTES / 1024 });
}

// As generator/read/load.py: what YAML cannot read, nesting depth, the tags a case may use.
const MAX_DEPTH = 12;
const UNREADABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));
const lineAt = (text, offset) => text.slice(0, offset).split("\n").length;

function flowDepth(text) { // deepest nesting of [ and { (brackets inside quotes count too), and its line
  let depth = 0, deepest = 0, line = 1, where = 1;
  for (const ch of text) {
    if (ch === "[" || ch === "{") { depth += 1; if (depth > deepest) { deepest = depth; where = line; } }
    else if (ch === "]" || ch === "}") depth = Math.max(0, depth - 1);
    else if (ch === "\n") line += 1;
  }
  return [deepest, where];
}

function beforeParsing(text) { // what the CLI refuses before it parses: the parser is never given it
  if (byteLength(text) > MAX_BYTES) return tooLarge(byteLength(text));
  const bad = UNREADABLE.exec(text);
  if (bad) {
    const line = lineAt(text, bad.index);
    const column = bad.index - text.lastIndexOf("\n", bad.index - 1);
    const code = bad[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    return word("yaml_control", { code, line, column });
  }
  const tab = text.split("\n").findIndex((line) => /^ *\t/.test(line));
  if (tab >= 0) return word("form_at_line", { line: tab + 1, message: word("yaml_tab") });
  const [depth, line] = flowDepth(text);
  if (depth > MAX_DEPTH * 2) return word("form_at_line", { line, message: word("yaml_flow_depth", { depth, limit: MAX_DEPTH }) });
  return "";
}

function refusedNode(doc, text) { // an alias, a tag the CLI refuses, or nesting deeper than the CLI reads
  let found = "";
  YAML.visit(doc, {
    Alias(_, node) {
      found = word("form_at_line", { line: lineAt(text, node.range ? node.range[0] : 0), message: word("yaml_alias") });
      return YAML.visit.BREAK;
    },
    Node(key, node, path) {
      if (key === "key") return undefined; // keys are not values: the CLI counts the depth of values
      const line = lineAt(text, node.range ? node.range[0] : 0);
      if (node.tag && !TAGS.has(node.tag)) found = word("form_at_line", { line, message: word("yaml_tag", { tag: node.tag }) });
      else if (path.filter((n) => YAML.isCollection(n)).length > MAX_DEPTH) found = word("form_at_line", { line, message: word("yaml_depth", { limit: MAX_DEPTH }) });
      return found ? YAML.visit.BREAK : undefined;
    },
  });
  return found;
}

export function parseCase(text) {
  const refused = beforeParsing(text);
  if (refused) return { error: refused };
  let doc;
  try {
    doc = YAML.parseDocument(text, { ...YAML_OPTIONS, prettyErrors: true, uniqueKeys: true });
  } catch (e) { // never silent: whatever the parser throws becomes a message
    return { error: word("form_unreadable", { detail: e && e.name ? e.name : "Error" }) };
  }
  if (doc.errors.length) {
    const e = doc.errors[0];
    const [line, column] = e.linePos ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
    const hint = word(e.code === "DUPLICATE_KEY" ? "form_syntax_duplicate" : "yaml_syntax_check");
    return { error: word("form_at_line_column", { line, column, message: word("form_syntax", { hint, code: e.code }) }) };
  }
  const node = refusedNode(doc, text);
  if (node) return { error: node };
  let data;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (e) {
    return { error: word("form_unreadable", { detail: e && e.name ? e.name : "Error" }) };
  }
  if (data === null || data === undefined) return { error: word("form_empty") };
  if (typeof data !== "object" || Array.isArray(data)) return { error: word("form_not_mapping") };
  return { data };
}

function load(data, origin) {
  const dropped = schemaProblems(data, state.schema).filter((p) => /知らない項目/.test(p.message));
  state.form.set(data);
  const notes = dropped.map((p) => `${label(p.path.slice(0, -1), state.schema)}: ${p.message}（この項目はフォームに読み込まれていません）`);
  say("cc-load-status", [`${origin}を読み込みました。`, ...notes].join("\n"));
  $("cc-load-status").classList.toggle("cc-load-status--warn", notes.length > 0);
  validate();
  saveDraft();
}

function loadText(text, origin) {
  const parsed = parseCase(text);
  if (parsed.error) {
    say("cc-load-status", parsed.error);
    $("cc-load-status").classList.add("cc-load-status--warn");
    return;
  }
  load(parsed.data, origin);
}

async function publishedCases() {
  const res = await fetch(app.dataset.cases);
  if (!res.ok) throw new Error(String(res.status));
  const doc = await res.json();
  return new Map((doc.cases || []).map((c) => [c.id, c]));
}

function wire() {
  app.addEventListener("input", schedule);
  app.addEventListener("change", schedule);
  $("cc-file").addEventListener("change", (ev) => {
    const file = ev.target.files[0];
    ev.target.value = "";
    if (!file) return;
    if (file.size > MAX_BYTES) { // refused before anything is read or parsed
      say("cc-load-status", tooLarge(file.size));
      $("cc-load-status").classList.add("cc-load-status--warn");
      return;
    }
    file.text().then((text) => loadText(text.replace(/^\ufeff/, ""), `ファイル「${file.name}」`));
  });
  $("cc-paste-load").addEventListener("click", () => loadText($("cc-paste").value, "貼り付けた YAML "));
  $("cc-case-load").addEventListener("click", async () => {
    const id = $("cc-case-id").value.trim();
    try {
      state.published = state.published || await publishedCases();
    } catch {
      say("cc-load-status", "掲載中の事例の一覧（data/cases.json）を読み込めませんでした。");
      return;
    }
    const found = state.published.get(id);
    if (!found) { say("cc-load-status", `事例ID「${id}」の事例は掲載されていません。`); $("cc-load-status").classList.add("cc-load-status--warn"); return; }
    load(found, `掲載中の事例「${id}」`);
  });
  $("cc-download").addEventListener("click", () => {
    const { data, yaml } = validate();
    const a = h("a", { href: URL.createObjectURL(new Blob([yaml], { type: "application/yaml" })), download: `${typeof data.id === "string" && data.id ? data.id : "case"}.yml` });
    document.body.append(a);
    a.click();
    a.remove();
    say("cc-action-status", "YAML をダウンロードしました。");
  });
  $("cc-copy").addEventListener("click", async () => {
    const { yaml } = validate();
    try {
      await navigator.clipboard.writeText(yaml);
    } catch {
      $("cc-yaml").select();
      document.execCommand("copy");
    }
    say("cc-action-status", "YAML をコピーしました。");
  });
  $("cc-check").addEventListener("click", () => {
    const { problems } = validate();
    if (problems.length) $("cc-summary").focus();
    else say("cc-action-status", "入力内容に問題は見つかりませんでした。");
  });
  $("cc-clear").addEventListener("click", () => {
    localStorage.removeItem(DRAFT_KEY);
    state.form.set({});
    validate();
    say("cc-draft", "下書きを消しました。");
  });
}

async function start() {
  try {
    const [res, words] = await Promise.all([fetch(app.dataset.schema), fetch(app.dataset.words)]);
    state.schema = await res.json();
    setWords(await words.json());
  } catch {
    say("cc-load-status", "項目の定義（schema/case.schema.json、schema/words.json）を読み込めませんでした。ページを読み込み直してください。");
    return;
  }
  state.validator = new Validator(withoutFormats(state.schema), "2020-12", false);
  state.form = buildForm(state.schema);
  $("cc-form-fields").replaceChildren(state.form.el);
  wire();
  publishedCases().then((m) => { state.published = m; validate(); }).catch(() => {});
  let draft = null;
  try { draft = JSON.parse(localStorage.getItem(DRAFT_KEY) || "null"); } catch { draft = null; }
  if (draft && typeof draft === "object") {
    state.form.set(draft);
    say("cc-draft", "前回の下書きを復元しました。");
  }
  const pre = new URLSearchParams(location.search); // from a year page's 「この地区の事例を投稿する」
  if (!(draft && typeof draft === "object") && /^[0-9]{4}$/.test(pre.get("year") || "")) {
    const place = { name: pre.get("name") || "", prefecture: pre.get("prefecture") || "" };
    if (/^[0-9]{6}$/.test(pre.get("code") || "")) place.code = pre.get("code");
    state.form.set({ rounds: [{ fiscal_year: Number(pre.get("year")) }], municipalities: [place] });
    say("cc-draft", `採択地区の一覧から、年度（${pre.get("year")}）と自治体（${place.prefecture} ${place.name}）を入れました。`);
  }
  const wanted = new URLSearchParams(location.search).get("id"); // from a case page: 「フォームで修正案を作る」
  if (wanted) {
    $("cc-case-id").value = wanted;
    $("cc-case-load").click();
  }
  validate();
  app.dataset.ready = "true";
}

start();
