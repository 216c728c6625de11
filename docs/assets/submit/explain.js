// Schema problems explained in Japanese, word for word as the CLI (generator/check/schema.py `_explain`).
// Pure module (no DOM): the browser form and the parity test (tests/submit_explain.mjs, run by node) share it.
// The verdict "valid or not" comes from the vendored validator (@cfworker/json-schema); this file walks the
// schema the way Python's jsonschema builds its error tree, so each error gets the CLI's words.

// --- generator/caseschema.py ---------------------------------------------------------------------------
// 「「事業実施体制」(consortium) の中に」; after an item, 「1 番目の中に」 (check/schema.py _inside).
function inside(path, root) {
  if (!path.length) return "";
  const name = label(path, root);
  return name.endsWith("番目") ? `${name}の中に` : `${name} の中に`;
}

export function resolve(node, root) {
  for (let i = 0; i < 4; i++) {
    if (node && typeof node.$ref === "string" && node.$ref.startsWith("#/$defs/")) {
      node = root.$defs[node.$ref.split("/").pop()];
    } else if (node && Array.isArray(node.anyOf)) {
      node = node.anyOf.find((b) => "properties" in b || "items" in b || "$ref" in b) || node.anyOf[0];
    } else break;
  }
  return node;
}

export function subschema(path, root) {
  let node = root;
  for (const step of path) {
    if (node == null) return null;
    const inner = resolve(node, root);
    node = typeof step === "number" ? inner.items : (inner.properties || {})[step];
    if (node === undefined) node = null;
  }
  return node;
}

export function label(path, root) {
  const parts = [];
  path.forEach((step, i) => {
    if (typeof step === "number") { parts.push(`${step + 1} 番目` + (i + 1 < path.length ? "の" : "")); return; }
    const node = subschema(path.slice(0, i + 1), root);
    parts.push(`「${node && node.title !== undefined ? node.title : step}」(${step})`);
  });
  return parts.length ? parts.join("") : "ファイル全体";
}

export function example(node) {
  if (node && "examples" in node) return pyStr(node.examples[0]);
  if (node && "enum" in node) return pyStr(node.enum[0]);
  return null;
}

// --- Python's str() and repr(), for 「書かれていたのは…」 ---------------------------------------------------
export function pyRepr(v) {
  if (typeof v === "string") {
    const q = v.includes("'") && !v.includes('"') ? '"' : "'";
    let out = "";
    for (const ch of v) {
      if (ch === "\\") out += "\\\\";
      else if (ch === q) out += "\\" + q;
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (ch === "\t") out += "\\t";
      else out += ch;
    }
    return q + out + q;
  }
  return pyStr(v, true);
}

export function pyStr(v, nested = false) {
  if (typeof v === "string") return nested ? pyRepr(v) : v;
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(v);
  if (Array.isArray(v)) return "[" + v.map((x) => pyRepr(x)).join(", ") + "]";
  if (typeof v === "object") return "{" + Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(", ") + "}";
  return String(v);
}

const chars = (s) => Array.from(s);

function show(value) {
  const text = chars(pyStr(value));
  return text.length <= 40 ? text.join("") : text.slice(0, 40).join("") + "…";
}

// --- difflib.get_close_matches (Python's algorithm, for the same 「…のことでしょうか」) ----------------------
function matchingBlocksTotal(a, b) {
  const b2j = new Map();
  b.forEach((ch, j) => { if (!b2j.has(ch)) b2j.set(ch, []); b2j.get(ch).push(j); });
  if (b.length >= 200) { // autojunk: popular elements are ignored
    const ntest = Math.floor(b.length / 100) + 1;
    for (const [ch, idx] of [...b2j]) if (idx.length > ntest) b2j.delete(ch);
  }
  const longest = (alo, ahi, blo, bhi) => {
    let besti = alo, bestj = blo, bestsize = 0;
    let j2len = new Map();
    for (let i = alo; i < ahi; i++) {
      const next = new Map();
      for (const j of b2j.get(a[i]) || []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
      }
      j2len = next;
    }
    // extend with elements that were junked as popular (no isjunk function is used)
    const popular = (ch) => !b2j.has(ch) && b.length >= 200;
    while (besti > alo && bestj > blo && popular(b[bestj - 1]) && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && popular(b[bestj + bestsize]) && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  };
  let total = 0;
  const queue = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop();
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k) {
      total += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
  }
  return total;
}

export function ratio(a, b) {
  const A = chars(a), B = chars(b);
  const n = A.length + B.length;
  return n ? (2 * matchingBlocksTotal(A, B)) / n : 1;
}

export function closeMatches(word, possibilities, n = 1, cutoff = 0.6) {
  const scored = [];
  for (const x of possibilities) {
    const r = ratio(x, word); // SequenceMatcher(None, x, word): seq2 (b) is the word
    if (r >= cutoff) scored.push([r, x]);
  }
  scored.sort((p, q) => (q[0] - p[0]) || (q[1] > p[1] ? 1 : q[1] < p[1] ? -1 : 0));
  return scored.slice(0, n).map((p) => p[1]);
}

// --- a jsonschema-shaped error tree for the keywords the case schema uses -------------------------------
const TYPES = {
  string: (v) => typeof v === "string",
  integer: (v) => typeof v === "number" && Number.isInteger(v),
  number: (v) => typeof v === "number",
  boolean: (v) => typeof v === "boolean",
  object: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  null: (v) => v === null,
};

function equal(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => k in b && equal(a[k], b[k]));
}

// Errors as Python's jsonschema yields them: {validator, validatorValue, instance, path, schema, context, branch}
export function iterErrors(instance, schema, root, path = []) {
  const out = [];
  if (schema === true || schema == null) return out;
  for (const [kind, value] of Object.entries(schema)) {
    const err = (extra = {}) => out.push({ validator: kind, validatorValue: value, instance, path, schema, context: [], ...extra });
    switch (kind) {
      case "$ref":
        out.push(...iterErrors(instance, root.$defs[value.split("/").pop()], root, path));
        break;
      case "type":
        if (!TYPES[value](instance)) err();
        break;
      case "properties":
        if (TYPES.object(instance)) for (const [k, sub] of Object.entries(value)) if (k in instance) out.push(...iterErrors(instance[k], sub, root, [...path, k]));
        break;
      case "additionalProperties":
        if (TYPES.object(instance) && value === false) {
          const extras = Object.keys(instance).filter((k) => !(k in (schema.properties || {})));
          if (extras.length) err();
        }
        break;
      case "required":
        if (TYPES.object(instance) && value.some((k) => !(k in instance))) err();
        break;
      case "items":
        if (TYPES.array(instance)) instance.forEach((item, i) => out.push(...iterErrors(item, value, root, [...path, i])));
        break;
      case "anyOf": {
        const context = [];
        let ok = false;
        value.forEach((branch, i) => {
          const errs = iterErrors(instance, branch, root, path);
          if (!errs.length) ok = true;
          errs.forEach((e) => { if (e.branch === undefined) e.branch = i; });
          context.push(...errs.map((e) => ({ ...e, branch: i })));
        });
        if (!ok) err({ context });
        break;
      }
      case "enum":
        if (!value.some((x) => equal(x, instance))) err();
        break;
      case "pattern":
        if (typeof instance === "string" && !new RegExp(value, "u").test(instance)) err();
        break;
      case "minLength":
        if (typeof instance === "string" && chars(instance).length < value) err();
        break;
      case "maxLength":
        if (typeof instance === "string" && chars(instance).length > value) err();
        break;
      case "minimum":
        if (typeof instance === "number" && instance < value) err();
        break;
      case "maximum":
        if (typeof instance === "number" && instance > value) err();
        break;
      case "minItems":
        if (Array.isArray(instance) && instance.length < value) err();
        break;
      case "uniqueItems":
        if (value && Array.isArray(instance) && instance.some((x, i) => instance.slice(i + 1).some((y) => equal(x, y)))) err();
        break;
      default:
        break; // annotations (title, description, examples, format without a checker, $schema, $id, $defs)
    }
  }
  return out;
}

// --- generator/check/schema.py `_explain` and its helpers ---------------------------------------------------
export const TYPE_NAMES = { string: "文字列", integer: "整数", number: "数値", boolean: "true か false", object: "「キー: 値」の組", array: "箇条書き（- で始まる行）", null: "空" };
export const PLACEHOLDER = "（記入してください）";
const ZENKAKU = /[０-９，．]/u;
const MONEY = /^(約)?\s*([0-9,]+(?:\.[0-9]+)?)\s*(億|万|千)?\s*円?$/u;
const UNITS = { 億: 100000000, 万: 10000, 千: 1000 };
const WAREKI_YEAR = /^(令和|平成|R|H)\s*([0-9]+|元)\s*年?度?$/u;

function pyRound(x) { // round half to even, like Python's round()
  const f = Math.floor(x), d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

const pyStrip = (s) => s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/gu, "");

export function moneyHint(value) {
  const text = pyStr(value).normalize("NFKC").replace(/，/g, ",");
  const m = MONEY.exec(pyStrip(text));
  const zenkaku = ZENKAKU.test(pyStr(value)) ? "全角の数字は使えません。" : "";
  if (!m) return `${zenkaku}金額は円の半角数字で 31000000 のように書いてください（約なら {approx: 500000000}、幅なら {min: 100000000, max: 200000000}、不明なら {unknown: 公開資料に記載なし}）`;
  const yen = pyRound(parseFloat(m[2].replace(/,/g, "")) * (UNITS[m[3]] || 1));
  if (m[1]) return `${zenkaku}概数は {approx: ${yen}} と書いてください（「${pyStr(value)}」なら円の半角数字で ${yen}）`;
  return `${zenkaku}金額は円の半角数字で書いてください（「${pyStr(value)}」なら ${yen}。カンマ・「万」「円」は付けません）`;
}

function hint(value, expected) {
  if (expected !== "integer" || typeof value !== "string") return "";
  const text = pyStrip(value.normalize("NFKC"));
  const m = WAREKI_YEAR.exec(text);
  if (m) {
    const n = m[2] === "元" ? 1 : parseInt(m[2], 10);
    const year = n + (m[1] === "令和" || m[1] === "R" ? 2018 : 1988);
    return `年度は西暦の半角数字で書いてください（「${value}」なら ${year}）`;
  }
  if (/^[0-9]+$/u.test(text)) return text !== value ? `数字は半角で書いてください（${text}）` : "数字を引用符で囲まずに書いてください";
  if (text.includes("円") || text.includes("万") || text.includes("億")) return moneyHint(value);
  return "";
}

const rstripMaru = (s) => s.replace(/。+$/u, "");

function describe(path, root) {
  const node = subschema(path, root) || {};
  return node.description !== undefined ? String(node.description) : "";
}

function missing(path, key, root) {
  const node = subschema([...path, key], root) || {};
  const sample = example(node);
  const tail = sample ? `例: ${key}: ${sample}` : (node.description || "");
  const where = inside(path, root);
  return rstripMaru(`${where}必須の項目「${node.title !== undefined ? node.title : key}」(${key}) がありません。${tail}`) + "。";
}

function titleOf(path, key, root) {
  const node = subschema([...path, key], root) || {};
  return node.title !== undefined ? node.title : key;
}

function unknownKey(path, key, allowed, root) {
  const titles = new Map();
  for (const k of allowed) titles.set(titleOf(path, k, root), k); // later keys win, like a dict comprehension
  let near = closeMatches(key, allowed, 1, 0.6);
  if (!near.length) near = closeMatches(key, [...titles.keys()], 1, 0.5).map((t) => titles.get(t));
  const where = inside(path, root);
  if (near.length) return `${where}知らない項目「${key}」があります。「${near[0]}」（${titleOf(path, near[0], root)}）の書き間違いではありませんか`;
  return `${where}知らない項目「${key}」があります。使える項目: ${allowed.join(", ")}`;
}

function isAmount(error) {
  return error.context.some((e) => e.validator === "minimum" || pyStr(e.schema, true).includes("approx"));
}

function explainAnyOf(error, path, name, root) {
  const instance = error.instance;
  const node = subschema(path, root) || {};
  if (node.$ref === "#/$defs/amount" || error.schema.$ref === "#/$defs/amount" || isAmount(error)) {
    return [[path, `${name} の書き方が正しくありません（書かれていたのは「${show(instance)}」）。${moneyHint(instance)}`]];
  }
  if (TYPES.object(instance) && "unknown" in instance) {
    const extra = Object.keys(instance).filter((k) => k !== "unknown");
    if (extra.length) return [[path, `${name} の {unknown: …} には unknown 以外の項目（${extra.join(", ")}）を書けません`]];
    return [[path, `${name} の unknown には理由を文字で書いてください（例: {unknown: 公開資料に記載なし}）`]];
  }
  const found = error.context.filter((e) => e.branch === 0 && e.depth === undefined).flatMap((e) => explain(e, root));
  const unknownHint = "公開資料に記載がなければ {unknown: 公開資料に記載なし} と書けます";
  return found.length ? found.map(([p, m]) => [p, `${rstripMaru(m)}。${unknownHint}`]) : [[path, `${name} が正しくありません。${unknownHint}`]];
}

export function explain(error, root) {
  const path = error.path;
  const name = label(path, root);
  const kind = error.validator;
  const v = error.validatorValue;
  if (kind === "required") {
    const instance = TYPES.object(error.instance) ? error.instance : {};
    return v.filter((k) => !(k in instance)).map((k) => [path, missing(path, k, root)]);
  }
  if (kind === "additionalProperties") {
    const allowed = Object.keys(error.schema.properties || {});
    return Object.keys(error.instance).filter((k) => !allowed.includes(k)).map((k) => [[...path, k], unknownKey(path, k, allowed, root)]);
  }
  if (kind === "anyOf") return explainAnyOf(error, path, name, root);
  if (kind === "type") {
    const expected = TYPE_NAMES[v] || v;
    return [[path, rstripMaru(`${name} には${expected}を書いてください（書かれていたのは「${show(error.instance)}」）。${hint(error.instance, v)}`) + "。"]];
  }
  if (kind === "enum") {
    const options = v.map((x) => pyStr(x));
    const near = closeMatches(pyStr(error.instance), options, 1, 0.3);
    const h = near.length ? `「${near[0]}」のことでしょうか。` : "";
    return [[path, `${name} に「${show(error.instance)}」は使えません。${h}次のどれかを書いてください: ${options.join("、")}`]];
  }
  if (kind === "pattern" && pyStr(error.instance).includes(PLACEHOLDER)) return [[path, `${name} がひな形のまま（${PLACEHOLDER}）です。${describe(path, root)}`]];
  if (kind === "pattern") return [[path, `${name} の書き方が正しくありません（書かれていたのは「${show(error.instance)}」）。${describe(path, root)}`]];
  if (kind === "minLength") return [[path, `${name} が空です。${describe(path, root)}`]];
  if (kind === "maxLength") return [[path, `${name} が長すぎます（${chars(error.instance).length} 文字。${v} 文字以内にしてください）`]];
  if (kind === "minimum" || kind === "maximum") {
    const bound = kind === "minimum" ? "以上" : "以下";
    return [[path, `${name} は ${pyStr(v)} ${bound}にしてください（書かれていたのは ${pyStr(error.instance)}）。${describe(path, root)}`]];
  }
  if (kind === "minItems") return [[path, `${name} を少なくとも ${v} つ書いてください`]];
  if (kind === "uniqueItems") return [[path, `${name} に同じものが 2 回書かれています。1 つにしてください`]];
  return [[path, `${name} が正しくありません（${kind}）`]];
}

// Every schema problem of a case as [{path, message}], in the CLI's order, each (path, message) once.
export function schemaProblems(data, root) {
  const seen = new Set();
  const out = [];
  for (const error of iterErrors(data, root, root)) {
    for (const [path, message] of explain(error, root)) {
      const key = JSON.stringify([path, message]);
      if (!seen.has(key)) { seen.add(key); out.push({ path, message }); }
    }
  }
  return out;
}
