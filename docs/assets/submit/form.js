// The case form, built at run time from the published schema (no second copy of the fields).
// Every widget: {el, get(path, registry) → value or undefined, set(value)}. Contributor text is only ever
// put into the page through .value and .textContent, never as HTML.
import { resolve } from "./explain.js";

const UNKNOWN_DEFAULT = "公開資料に記載なし";
let counter = 0;
const nextId = () => `cc-f${++counter}`;

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") el.textContent = v;
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

const isUnknownRef = (b) => b && b.$ref === "#/$defs/unknown";
const isOtherRef = (b) => b && b.$ref === "#/$defs/other";
const isMarkdown = (node) => /Markdown/.test(node.description || "");

// What kind of widget a schema node needs.
export function kindOf(node, root) {
  if (node.$ref === "#/$defs/amount") return "amount";
  if (node.$ref === "#/$defs/quantity") return "quantity";
  if (node.$ref === "#/$defs/source_ref") return "source_ref";
  if (Array.isArray(node.anyOf) && node.anyOf.length === 2 && isUnknownRef(node.anyOf[1])) return "maybe";
  if (Array.isArray(node.anyOf) && node.anyOf.length === 2 && isOtherRef(node.anyOf[1])) return "open";
  if (Array.isArray(node.anyOf) && node.anyOf.some(isUnknownRef) && node.anyOf.some((b) => b.properties && b.properties.inferred)) return "theme";
  const r = resolve(node, root);
  if (r.type === "object") return "object";
  if (r.type === "array") return "array";
  return "scalar";
}

// --- field chrome: label, help, error ---------------------------------------------------------------
function chrome(node, required, control, labelText) {
  const id = control.id || (control.id = nextId());
  const help = node.description ? h("p", { class: "cc-help", id: `${id}-help`, text: node.description }) : null;
  const error = h("p", { class: "cc-error", id: `${id}-error`, hidden: true });
  const lab = h("label", { for: id, class: "cc-label" }, labelText || node.title || "");
  if (required) lab.append(h("span", { class: "cc-required", text: "（必須）" }));
  control.setAttribute("aria-describedby", [help && help.id, error.id].filter(Boolean).join(" "));
  const wrap = h("div", { class: "cc-field" }, lab, help, control, error);
  return { wrap, error, focus: control };
}

function register(registry, path, entry) { // box: the field's element, marked with its current path (tests, styles)
  registry.set(JSON.stringify(path), entry);
  if (entry.box) entry.box.dataset.path = JSON.stringify(path);
}

// --- scalars --------------------------------------------------------------------------------------------
function parseNumber(text) {
  if (/^-?[0-9]+$/.test(text)) return Number.isSafeInteger(Number(text)) ? parseInt(text, 10) : text;
  if (/^-?[0-9]*\.[0-9]+$/.test(text)) return parseFloat(text);
  return text; // kept as written: the schema then says why (e.g. 令和6年度 → 2024)
}

function scalarControl(node, root) {
  const r = resolve(node, root);
  if (Array.isArray(r.enum)) {
    const select = h("select", { class: "cc-input" }, h("option", { value: "", text: "（選んでください）" }));
    for (const v of r.enum) select.append(h("option", { value: String(v), text: String(v) }));
    return {
      el: select,
      get: () => (select.value === "" ? undefined : select.dataset.raw !== undefined && select.value === select.dataset.raw ? JSON.parse(select.dataset.rawValue) : select.value),
      set: (v) => {
        if (v === undefined) { select.value = ""; return; }
        if (!r.enum.includes(v)) { // a loaded value the list does not have: shown, so its message can say why
          select.querySelectorAll("option[data-extra]").forEach((o) => o.remove());
          const text = typeof v === "string" ? v : JSON.stringify(v);
          select.append(h("option", { value: text, "data-extra": true, text }));
          select.dataset.raw = text;
          select.dataset.rawValue = JSON.stringify(v);
        }
        select.value = typeof v === "string" ? v : JSON.stringify(v);
      },
    };
  }
  if (r.type === "boolean") {
    const select = h("select", { class: "cc-input" }, h("option", { value: "", text: "（選んでください）" }),
      h("option", { value: "true", text: "はい（true）" }), h("option", { value: "false", text: "いいえ（false）" }));
    return {
      el: select,
      get: () => (select.value === "" ? undefined : select.value === "true" ? true : select.value === "false" ? false : select.dataset.rawValue !== undefined ? JSON.parse(select.dataset.rawValue) : select.value),
      set: (v) => {
        if (v === undefined) select.value = "";
        else if (v === true || v === false) select.value = String(v);
        else {
          const text = typeof v === "string" ? v : JSON.stringify(v);
          select.append(h("option", { value: text, text }));
          select.dataset.rawValue = JSON.stringify(v);
          select.value = text;
        }
      },
    };
  }
  const numeric = r.type === "integer" || r.type === "number";
  const multiline = r.type === "string" && isMarkdown(node);
  const make = (lines) => lines
    ? h("textarea", { class: "cc-input", rows: 3 })
    : h("input", { class: "cc-input", type: "text", inputmode: numeric ? "decimal" : null, autocomplete: "off" });
  const widget = { el: make(multiline) };
  widget.get = () => {
    const text = widget.el.value;
    if (text === "") return undefined;
    return numeric ? parseNumber(text) : text;
  };
  widget.set = (v) => {
    if (v === undefined || v === null) { widget.el.value = ""; return; }
    const text = typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v);
    if (text.includes("\n") && widget.el.tagName === "INPUT") { // keep line breaks: swap to a textarea
      const area = make(true);
      for (const a of widget.el.attributes) if (a.name !== "type" && a.name !== "inputmode") area.setAttribute(a.name, a.value);
      widget.el.replaceWith(area);
      widget.el = area;
    }
    widget.el.value = text;
  };
  return widget;
}

function scalarWidget(node, root, required, labelText) {
  const c = scalarControl(node, root);
  const { wrap, error } = chrome(node, required, c.el, labelText);
  return {
    el: wrap,
    get(path, registry) { register(registry, path, { box: wrap, error, focus: () => c.el, input: () => c.el }); return c.get(); },
    set: (v) => c.set(v),
  };
}

// value or {unknown: reason}
function maybeWidget(node, root, required) {
  const base = scalarControl(node.anyOf[0], root);
  const id = nextId();
  base.el.id = id;
  const { wrap, error } = chrome(node, required, base.el);
  const box = h("input", { type: "checkbox", id: `${id}-unknown`, class: "cc-unknown-box" });
  const boxLabel = h("label", { for: box.id, class: "cc-unknown-label" }, box, " 公開資料に記載なし");
  const reason = h("input", { type: "text", id: `${id}-reason`, class: "cc-input", autocomplete: "off", "aria-describedby": error.id });
  const reasonWrap = h("div", { class: "cc-reason", hidden: true }, h("label", { for: reason.id, text: "記載なしの理由" }), reason);
  wrap.insertBefore(h("div", { class: "cc-unknown" }, boxLabel, reasonWrap), error);
  const sync = () => {
    base.el.hidden = box.checked;
    base.el.disabled = box.checked;
    reasonWrap.hidden = !box.checked;
  };
  box.addEventListener("change", () => {
    if (box.checked && reason.value === "") reason.value = UNKNOWN_DEFAULT;
    sync();
  });
  return {
    el: wrap,
    get(path, registry) {
      register(registry, path, { box: wrap, error, focus: () => (box.checked ? reason : base.el), input: () => (box.checked ? reason : base.el) });
      return box.checked ? { unknown: reason.value } : base.get();
    },
    set(v) {
      const unknown = v !== null && typeof v === "object" && !Array.isArray(v) && "unknown" in v && Object.keys(v).length === 1;
      box.checked = unknown;
      reason.value = unknown ? (typeof v.unknown === "string" ? v.unknown : JSON.stringify(v.unknown)) : "";
      if (unknown && typeof v.unknown !== "string") reason.dataset.rawValue = JSON.stringify(v.unknown);
      base.set(unknown ? undefined : v);
      sync();
    },
  };
}

// a word of an open list, or {other: 公表どおりの言葉} (counted as その他, shown as written)
function openWidget(node, root, required) {
  const base = scalarControl(node.anyOf[0], root);
  const { wrap, error } = chrome(node, required, base.el);
  const OTHER = "__other";
  base.el.append(h("option", { value: OTHER, text: "一覧にない種別（公表どおりに書く）" }));
  const text = h("input", { type: "text", id: `${base.el.id}-other`, class: "cc-input", autocomplete: "off", "aria-describedby": error.id });
  const textWrap = h("div", { class: "cc-reason", hidden: true }, h("label", { for: text.id, text: "公表どおりの言葉" }), text);
  wrap.insertBefore(h("div", { class: "cc-unknown" }, textWrap), error);
  const sync = () => { textWrap.hidden = base.el.value !== OTHER; };
  base.el.addEventListener("change", sync);
  return {
    el: wrap,
    get(path, registry) {
      const other = base.el.value === OTHER;
      register(registry, path, { box: wrap, error, focus: () => (other ? text : base.el), input: () => (other ? text : base.el) });
      return other ? { other: text.value } : base.get();
    },
    set(v) {
      const other = v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof v.other === "string";
      if (other) { base.set(undefined); base.el.value = OTHER; text.value = v.other; } else { text.value = ""; base.set(v); }
      sync();
    },
  };
}

// a round's theme: as written (ID or name), inferred ({theme, inferred: 根拠}) or not published ({unknown: 理由})
function themeWidget(node, root, required) {
  const input = h("input", { type: "text", class: "cc-input", autocomplete: "off" });
  const { wrap, error } = chrome(node, required, input);
  const how = h("select", { class: "cc-input", id: `${input.id}-how` },
    ...[["", "公表資料に書かれているテーマ"], ["inferred", "推定したテーマ（根拠を書く）"], ["unknown", "公開資料に記載なし"]]
      .map(([value, text]) => h("option", { value, text })));
  const reason = h("input", { type: "text", id: `${input.id}-reason`, class: "cc-input", autocomplete: "off", "aria-describedby": error.id });
  const reasonLabel = h("label", { for: reason.id });
  const reasonWrap = h("div", { class: "cc-reason", hidden: true }, reasonLabel, reason);
  wrap.insertBefore(h("div", { class: "cc-unknown" }, h("label", { for: how.id, text: "テーマの書き方" }), how, reasonWrap), error);
  const sync = () => {
    input.hidden = input.disabled = how.value === "unknown";
    reasonWrap.hidden = how.value === "";
    reasonLabel.textContent = how.value === "unknown" ? "記載なしの理由" : "推定の根拠";
  };
  how.addEventListener("change", () => {
    if (how.value === "unknown" && reason.value === "") reason.value = UNKNOWN_DEFAULT;
    sync();
  });
  return {
    el: wrap,
    get(path, registry) {
      register(registry, path, { box: wrap, error, focus: () => (how.value ? reason : input), input: () => (how.value === "unknown" ? reason : input) });
      if (how.value === "unknown") return { unknown: reason.value };
      const theme = input.value.trim() === "" ? undefined : input.value;
      return how.value === "inferred" ? { theme, inferred: reason.value } : theme;
    },
    set(v) {
      const obj = v !== null && typeof v === "object" && !Array.isArray(v);
      how.value = obj && "unknown" in v ? "unknown" : obj && "inferred" in v ? "inferred" : "";
      reason.value = obj ? String(v.unknown ?? v.inferred ?? "") : "";
      input.value = obj ? String(v.theme ?? "") : v === undefined || v === null ? "" : String(v);
      sync();
    },
  };
}

// 円 / 約 / 幅 / 不明
// an amount (円 / 約 / 幅 / 不明) or, with quantity, a number as published (数 / 約 / 幅 / 最大・以上…の付いた数)
function amountWidget(node, root, required, quantity = false) {
  const choices = quantity
    ? [["", "（選んでください）"], ["yen", "数値"], ["approx", "約（概数）"], ["range", "幅（下限〜上限）"], ["qualified", "最大・以上・程度などの付いた数"]]
    : [["", "（選んでください）"], ["yen", "金額（円）"], ["approx", "約（概数）"], ["range", "幅（下限〜上限）"], ["unknown", "公開資料に記載なし"]];
  const kind = h("select", { class: "cc-input" }, ...choices.map(([value, text]) => h("option", { value, text })));
  const { wrap, error } = chrome(node, required, kind);
  const part = (text) => {
    const input = h("input", { type: "text", class: "cc-input", inputmode: "numeric", autocomplete: "off", id: nextId(), "aria-describedby": error.id });
    const box = h("div", { class: "cc-amount-part" }, h("label", { for: input.id, text }), input);
    return { input, box };
  };
  const unit = quantity ? "" : "（円）";
  const yen = part(quantity ? "数値（半角数字）" : "金額（円の半角数字）"), approx = part(`概数${unit}`), min = part(`下限${unit}`), max = part(`上限${unit}`);
  const reason = part("記載なしの理由"), value = part("数値（限定の言葉を除いた数）"), words = part("限定の言葉（約・程度・最大・最小・以上・以下・未満・超。複数は「、」で区切る）");
  const parts = { yen: [yen], approx: [approx], range: [min, max], unknown: [reason], qualified: [value, words] };
  const all = [yen, approx, min, max, reason, value, words];
  const holder = h("div", { class: "cc-amount" }, ...all.map((p) => p.box));
  wrap.insertBefore(holder, error);
  const sync = () => { for (const p of all) p.box.hidden = !(parts[kind.value] || []).includes(p); };
  kind.addEventListener("change", () => { if (kind.value === "unknown" && reason.input.value === "") reason.input.value = UNKNOWN_DEFAULT; sync(); });
  sync();
  const num = (p) => (p.input.value === "" ? undefined : parseNumber(p.input.value));
  const raw = { value: undefined };
  return {
    el: wrap,
    get(path, registry) {
      const first = (parts[kind.value] || [])[0];
      register(registry, path, { box: wrap, error, focus: () => (first ? first.input : kind), input: () => (first ? first.input : kind) });
      if (raw.value !== undefined && kind.value === "other") return raw.value;
      switch (kind.value) {
        case "yen": return num(yen);
        case "approx": return { approx: num(approx) };
        case "range": return { min: num(min), max: num(max) };
        case "unknown": return { unknown: reason.input.value };
        case "qualified": {
          const list = words.input.value.split(/[、,\s]+/).filter(Boolean);
          return { value: num(value), qualifier: list.length === 1 ? list[0] : list };
        }
        default: return undefined;
      }
    },
    set(v) {
      for (const p of all) p.input.value = "";
      const obj = v !== null && typeof v === "object" && !Array.isArray(v);
      const keys = obj ? Object.keys(v).sort().join(",") : "";
      const text = (x) => (x === undefined ? "" : typeof x === "string" ? x : JSON.stringify(x));
      if (v === undefined) kind.value = "";
      else if (!obj) { kind.value = "yen"; yen.input.value = text(v); }
      else if (keys === "approx") { kind.value = "approx"; approx.input.value = text(v.approx); }
      else if (keys === "max,min") { kind.value = "range"; min.input.value = text(v.min); max.input.value = text(v.max); }
      else if (keys === "unknown" && typeof v.unknown === "string" && !quantity) { kind.value = "unknown"; reason.input.value = v.unknown; }
      else if (keys === "qualifier,value" && quantity) {
        kind.value = "qualified"; value.input.value = text(v.value);
        words.input.value = Array.isArray(v.qualifier) ? v.qualifier.join("、") : text(v.qualifier);
      }
      else { // a shape the form has no control for: kept as loaded, so the message says why
        kind.append(h("option", { value: "other", text: "読み込んだ値のまま" }));
        kind.value = "other";
        raw.value = v;
      }
      sync();
    },
  };
}

// sources' id, or [s1, s2]
function sourceRefWidget(node, root, required) {
  const input = h("input", { type: "text", class: "cc-input", autocomplete: "off", placeholder: "例: s1 または [s1, s2]" });
  const { wrap, error } = chrome(node, required, input);
  return {
    el: wrap,
    get(path, registry) {
      register(registry, path, { box: wrap, error, focus: () => input, input: () => input });
      const text = input.value.trim();
      if (text === "") return undefined;
      const list = /^\[.*\]$/s.test(text) ? text.slice(1, -1) : text.includes(",") ? text : null;
      return list === null ? text : list.split(",").map((s) => s.trim()).filter((s) => s !== "");
    },
    set(v) { input.value = v === undefined ? "" : Array.isArray(v) ? `[${v.join(", ")}]` : String(v); },
  };
}

// --- groups -----------------------------------------------------------------------------------------------
function objectWidget(node, root, required, top = false) {
  const r = resolve(node, root);
  const need = new Set(r.required || []);
  const fieldset = h("fieldset", { class: top ? "cc-form__root" : "cc-group" });
  const error = h("p", { class: "cc-error", id: nextId(), hidden: true });
  if (!top) {
    const legend = h("legend", {}, node.title || r.title || "");
    if (required) legend.append(h("span", { class: "cc-required", text: "（必須）" }));
    fieldset.append(legend);
    if (node.description) {
      const help = h("p", { class: "cc-help", id: nextId(), text: node.description });
      fieldset.append(help);
      fieldset.setAttribute("aria-describedby", `${help.id} ${error.id}`);
    }
  }
  fieldset.append(error);
  const children = [];
  for (const [key, sub] of Object.entries(r.properties || {})) {
    const child = widgetFor(sub, root, need.has(key));
    let el = child.el;
    if (top && !need.has(key) && ["object", "array"].includes(kindOf(sub, root))) {
      el = h("details", { class: "cc-section", "data-key": key }, h("summary", { text: `${sub.title || key}（任意）` }), child.el);
    }
    el.dataset.key = key;
    fieldset.append(el);
    children.push([key, child, el]);
  }
  return {
    el: fieldset,
    children,
    get(path, registry) {
      const out = {};
      for (const [key, child] of children) {
        const v = child.get([...path, key], registry);
        if (v !== undefined) out[key] = v;
      }
      register(registry, path, { box: fieldset, error, focus: () => fieldset.querySelector("input:not([hidden]), select, textarea"), group: fieldset });
      return top || Object.keys(out).length ? out : undefined;
    },
    set(v) {
      const obj = v !== null && typeof v === "object" && !Array.isArray(v) ? v : {};
      for (const [key, child, el] of children) {
        child.set(obj[key]);
        if (el.tagName === "DETAILS" && obj[key] !== undefined) el.open = true;
      }
    },
  };
}

function arrayWidget(node, root, required) {
  const r = resolve(node, root);
  const itemNode = r.items;
  const itemTitle = itemNode.title || r.title || "";
  const fieldset = h("fieldset", { class: "cc-group cc-repeat" });
  const legend = h("legend", {}, node.title || r.title || "");
  if (required) legend.append(h("span", { class: "cc-required", text: "（必須）" }));
  const error = h("p", { class: "cc-error", id: nextId(), hidden: true });
  const help = node.description ? h("p", { class: "cc-help", id: nextId(), text: node.description }) : null;
  fieldset.setAttribute("aria-describedby", [help && help.id, error.id].filter(Boolean).join(" "));
  const list = h("ol", { class: "cc-repeat__list" });
  const add = h("button", { type: "button", class: "md-button cc-add", text: `${itemTitle}を追加` });
  fieldset.append(legend, help, error, list, add);
  const items = [];
  const renumber = () => items.forEach((it, i) => {
    it.remove.textContent = "削除";
    it.remove.setAttribute("aria-label", `${i + 1} 番目の${itemTitle}を削除`);
    if (it.heading) it.heading.textContent = `${itemTitle} ${i + 1}`;
  });
  const addItem = (value, focus = false) => {
    const objectItems = kindOf(itemNode, root) === "object";
    const child = objectItems ? objectWidget(itemNode, root, false) : widgetFor(itemNode, root, false, itemTitle);
    const li = h("li", { class: "cc-repeat__item" });
    const remove = h("button", { type: "button", class: "cc-remove" });
    let heading = null;
    if (objectItems) {
      heading = child.el.querySelector("legend");
      child.el.querySelector(".cc-help")?.remove();
    }
    li.append(child.el, remove);
    list.append(li);
    const item = { child, li, remove, heading };
    items.push(item);
    remove.addEventListener("click", () => {
      const i = items.indexOf(item);
      items.splice(i, 1);
      li.remove();
      renumber();
      (items[i]?.remove || items[i - 1]?.remove || add).focus();
      fieldset.dispatchEvent(new Event("input", { bubbles: true }));
    });
    if (value !== undefined) child.set(value);
    renumber();
    if (focus) (li.querySelector("input, select, textarea") || remove).focus();
  };
  add.addEventListener("click", () => { addItem(undefined, true); fieldset.dispatchEvent(new Event("input", { bubbles: true })); });
  const start = () => { if (required) for (let i = 0; i < (r.minItems || 0); i++) addItem(); };
  start();
  return {
    el: fieldset,
    get(path, registry) {
      register(registry, path, { box: fieldset, error, focus: () => add, group: fieldset });
      if (!items.length) return undefined;
      return items.map((it, i) => {
        const v = it.child.get([...path, i], registry);
        return v === undefined ? (kindOf(itemNode, root) === "object" ? {} : "") : v;
      });
    },
    set(v) {
      items.splice(0).forEach((it) => it.li.remove());
      if (Array.isArray(v)) v.forEach((x) => addItem(x));
      else if (v === undefined) start();
      else addItem(v); // not a list: shown as one item; the schema message says to write a list
    },
  };
}

export function widgetFor(node, root, required, labelText) {
  switch (kindOf(node, root)) {
    case "amount": return amountWidget(node, root, required);
    case "source_ref": return sourceRefWidget(node, root, required);
    case "maybe": return maybeWidget(node, root, required);
    case "open": return openWidget(node, root, required);
    case "theme": return themeWidget(node, root, required);
    case "quantity": return amountWidget(node, root, required, true);
    case "object": return objectWidget(node, root, required);
    case "array": return arrayWidget(node, root, required);
    default: return scalarWidget(node, root, required, labelText);
  }
}

export function buildForm(root) {
  return objectWidget(root, root, true, true);
}
