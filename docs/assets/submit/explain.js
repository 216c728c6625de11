// Schema problems explained in Japanese, word for word as the CLI (generator/check/schema.py `_explain`).
// Pure module (no DOM): the browser form and the parity test (tests/submit_explain.mjs, run by node) share it.
// The verdict "valid or not" comes from the vendored validator (@cfworker/json-schema); this file walks the
// schema the way Python's jsonschema builds its error tree, so each error gets the CLI's words.

// --- the words: generator/data/words.json, published as schema/words.json (generator/data/words.py reads the same) ---
let WORDS = null;
export function setWords(words) { WORDS = words; }
// Only {name} is filled in, in one pass; other braces ({unknown: …}) are text (as generator/data/words.py `say`).
export function say(message, values = {}) {
  return WORDS.messages[message].replace(/\{([a-z_]+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

// --- generator/data/caseschema.py ---------------------------------------------------------------------------
// 「「事業実施体制」(consortium) の中に」; after an item, 「1 番目の中に」 (check/schema.py _inside).
function inside(path, root) {
  if (!path.length) return "";
  const name = label(path, root);
  return say(name.endsWith("番目") ? "inside_item" : "inside", { name });
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
    if (typeof step === "number") { parts.push(say(i + 1 < path.length ? "label_item_of" : "label_item", { n: step + 1 })); return; }
    const node = subschema(path.slice(0, i + 1), root);
    parts.push(say("label_field", { title: node && node.title !== undefined ? node.title : step, key: step }));
  });
  return parts.length ? parts.join("") : say("label_file");
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
  const zenkaku = ZENKAKU.test(pyStr(value)) ? say("money_zenkaku") : "";
  if (!m) return say("money_unparsed", { zenkaku });
  const yen = pyRound(parseFloat(m[2].replace(/,/g, "")) * (UNITS[m[3]] || 1));
  return say(m[1] ? "money_approx" : "money_exact", { zenkaku, value: pyStr(value), yen });
}

function hint(value, expected) {
  if (expected !== "integer" || typeof value !== "string") return "";
  const text = pyStrip(value.normalize("NFKC"));
  const m = WAREKI_YEAR.exec(text);
  if (m) {
    const n = m[2] === "元" ? 1 : parseInt(m[2], 10);
    const year = n + (m[1] === "令和" || m[1] === "R" ? 2018 : 1988);
    return say("wareki", { value, year });
  }
  if (/^[0-9]+$/u.test(text)) return text !== value ? say("halfwidth_digits", { text }) : say("unquote_digits");
  if (text.includes("円") || text.includes("万") || text.includes("億")) return moneyHint(value);
  return "";
}

const rstripMaru = (s) => s.replace(/。+$/u, "");

function describe(path, root) {
  const node = subschema(path, root) || {};
  return node.description !== undefined ? String(node.description) : "";
}

function choices(path, root) { // what a closed field may say: its words (through anyOf), else its description
  const node = subschema(path, root) || {};
  const words = [node, ...(node.anyOf || [])].flatMap((b) => b.enum || []);
  return words.length ? say("choices", { words: words.map((w) => pyStr(w)).join("、") }) : describe(path, root);
}

function missing(path, key, root) {
  const node = subschema([...path, key], root) || {};
  const sample = example(node);
  const tail = sample ? say("missing_example", { key, example: sample }) : (node.description || "");
  return rstripMaru(say("missing", { where: inside(path, root), title: node.title !== undefined ? node.title : key, key, tail })) + "。";
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
  if (near.length) return say("unknown_key_near", { where, key, near: near[0], title: titleOf(path, near[0], root) });
  return say("unknown_key", { where, key, allowed: allowed.join(", ") });
}

function isAmount(error) {
  return error.context.some((e) => e.validator === "minimum" || pyStr(e.schema, true).includes("approx"));
}

function explainAnyOf(error, path, name, root) {
  const instance = error.instance;
  const node = subschema(path, root) || {};
  if (node.$ref === "#/$defs/amount" || error.schema.$ref === "#/$defs/amount" || isAmount(error)) {
    return [[path, say("amount", { name, found: show(instance), hint: moneyHint(instance) })]];
  }
  if (TYPES.object(instance) && "unknown" in instance) {
    const extra = Object.keys(instance).filter((k) => k !== "unknown");
    if (extra.length) return [[path, say("unknown_extra", { name, extra: extra.join(", ") })]];
    return [[path, say("unknown_reason", { name })]];
  }
  const found = error.context.filter((e) => e.branch === 0 && e.depth === undefined).flatMap((e) => explain(e, root));
  const unknownHint = say("unknown_hint");
  return found.length ? found.map(([p, m]) => [p, `${rstripMaru(m)}。${unknownHint}`]) : [[path, say("any_of", { name, hint: unknownHint })]];
}

export function explain(error, root) {
  const path = error.path;
  const name = label(path, root);
  const kind = error.validator;
  const v = error.validatorValue;
  if (typeof error.instance === "string" && error.instance.includes(WORDS.choose)) { // as check/schema.py: one message
    if (path[0] === "rounds" && path[2] === "themes") return []; // the programme rule says it with the year's themes
    return [[path, say("choose_left", { name, choose: WORDS.choose, choices: choices(path, root) })]];
  }
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
    const expected = WORDS.type_names[v] || v;
    return [[path, rstripMaru(say("type", { name, expected, found: show(error.instance), hint: hint(error.instance, v) })) + "。"]];
  }
  if (kind === "enum") {
    const options = v.map((x) => pyStr(x));
    const near = closeMatches(pyStr(error.instance), options, 1, 0.3);
    const h = near.length ? say("enum_near", { near: near[0] }) : "";
    return [[path, say("enum", { name, found: show(error.instance), near: h, options: options.join("、") })]];
  }
  if (kind === "pattern" && pyStr(error.instance).includes(WORDS.placeholder)) return [[path, say("pattern_placeholder", { name, placeholder: WORDS.placeholder, description: describe(path, root) })]];
  if (kind === "pattern") return [[path, say("pattern", { name, found: show(error.instance), description: describe(path, root) })]];
  if (kind === "minLength") return [[path, say("min_length", { name, description: describe(path, root) })]];
  if (kind === "maxLength") return [[path, say("max_length", { name, length: chars(error.instance).length, limit: v })]];
  if (kind === "minimum" || kind === "maximum") return [[path, say(kind, { name, limit: pyStr(v), found: pyStr(error.instance), description: describe(path, root) })]];
  if (kind === "minItems") return [[path, say("min_items", { name, limit: v })]];
  if (kind === "uniqueItems") return [[path, say("unique_items", { name })]];
  return [[path, say("other", { name, detail: kind })]];
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
