// 事例を探す: Pagefind full-text search combined with facets; the state lives in the URL.
// Without JavaScript the page shows the plain list of all cases instead.
(() => {
  "use strict";
  const script = document.currentScript;
  const root = new URL("../", script.src); // assets/finder.js → site root
  const PAGE = 10;
  const form = document.getElementById("cc-finder");
  if (!form) return;
  const query = document.getElementById("cc-q");
  const status = document.getElementById("cc-status");
  const list = document.getElementById("cc-results");
  const more = document.getElementById("cc-more");
  const all = document.getElementById("cc-all");
  const fieldset = form.querySelector(".cc-finder__facets");
  let selects = []; // built from data/facets.json (generator/search.py FACETS): no second list here
  let regions = [];
  let pagefind;
  let results = [];
  let shown = 0;
  let generation = 0;

  const text = (tag, value, cls) => {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  };

  // Pagefind's excerpt is HTML with <mark>; rebuild it from text nodes so nothing else can get through.
  const excerpt = (html) => {
    const p = document.createElement("p");
    p.className = "cc-result__excerpt";
    const doc = new DOMParser().parseFromString(`<div>${html}</div>`, "text/html");
    for (const node of doc.body.firstChild.childNodes) {
      if (node.nodeName === "MARK") p.append(text("mark", node.textContent));
      else p.append(document.createTextNode(node.textContent));
    }
    return p;
  };

  const chosen = () => Object.fromEntries(selects.filter((s) => s.value).map((s) => [s.dataset.facet, s.value]));

  const saveState = () => {
    const params = new URLSearchParams();
    if (query.value.trim()) params.set("q", query.value.trim());
    for (const [k, v] of Object.entries(chosen())) params.set(k, v);
    const url = params.toString() ? `?${params}` : location.pathname;
    history.replaceState(null, "", url);
    const toMap = document.getElementById("cc-to-map"); // the map reads the same parameters (map.js)
    if (toMap) toMap.href = new URL("map/", root).pathname + (params.toString() ? `?${params}` : "");
  };

  const loadState = () => {
    const params = new URLSearchParams(location.search);
    query.value = params.get("q") || "";
    for (const s of selects) s.dataset.wanted = params.get(s.dataset.facet) || "";
  };

  const optionLabel = (value, count) => `${value}（${count} 件）`;

  const fillOptions = (select, counts) => {
    const wanted = select.value || select.dataset.wanted || "";
    select.replaceChildren(text("option", "すべて"));
    select.firstChild.value = "";
    const addOption = (parent, value) => {
      const o = text("option", optionLabel(value, counts[value] || 0));
      o.value = value;
      if (!counts[value] && value !== wanted) o.disabled = true;
      parent.append(o);
    };
    if (select.dataset.order === "region") {
      for (const [region, prefs] of regions) {
        const present = prefs.filter((p) => p in select._all);
        if (!present.length) continue;
        const group = document.createElement("optgroup");
        group.label = region;
        present.forEach((p) => addOption(group, p));
        select.append(group);
      }
    } else {
      const values = Object.keys(select._all);
      const given = select._given || [];
      const rank = (v) => (given.includes(v) ? given.indexOf(v) : given.length);
      if (select.dataset.order === "desc") values.sort().reverse();
      else if (select.dataset.order === "given") values.sort((a, b) => (rank(a) - rank(b)) || a.localeCompare(b, "ja"));
      else values.sort((a, b) => (select._all[b] - select._all[a]) || a.localeCompare(b, "ja"));
      values.forEach((v) => addOption(select, v));
    }
    select.value = wanted in select._all ? wanted : "";
    delete select.dataset.wanted;
  };

  // Known terms are searched by their ASCII key too (see generator/search.py search_key): Pagefind's
  // index and query segment some Japanese compounds differently.
  let vocabulary = [];
  const withKeys = (term) => {
    if (!term) return term;
    let q = term;
    for (const [word, key] of vocabulary) q = q.split(word).join(` ${key} `);
    return q.replace(/\s+/g, " ").trim();
  };
  // The query is read the way the index was written (see generator/search.py normalised_terms): NFKC turns
  // half-width kana and full-width letters and digits into their usual forms (ﾄﾞﾛｰﾝ → ドローン, ＰＬＡＴＥＡＵ →
  // PLATEAU), and a query written only in hiragana is folded to katakana (どろーん → ドローン), because the names
  // of technologies are written in katakana. Mixed queries keep their hiragana (e.g. 見守り).
  const normalise = (value) => {
    const q = value.normalize("NFKC").replace(/\s+/g, " ").trim();
    return /^[\u3041-\u3096\u30fc\s]+$/.test(q) ? q.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60)) : q;
  };
  const search = (term, filters) =>
    pagefind.search(withKeys(term), { filters: { kind: "事例", ...filters }, sort: term ? undefined : { year: "desc" } });

  const renderMore = async (mine) => {
    const slice = results.slice(shown, shown + PAGE);
    const data = await Promise.all(slice.map((r) => r.data()));
    if (mine !== generation) return;
    for (const d of data) {
      const li = document.createElement("li");
      li.className = "cc-result";
      const h = document.createElement("h2"); // under the page's h1: the hidden no-JS list's h2 is not there
      const a = text("a", d.meta.title || d.url);
      a.href = d.url;
      h.append(a);
      li.append(h);
      const facts = [d.meta.municipality, d.meta.year && `${d.meta.year}年度`, d.meta.theme, d.meta.sample].filter(Boolean);
      li.append(text("p", facts.join(" ／ "), "cc-result__meta"));
      if (d.meta.concept) li.append(text("p", d.meta.concept, "cc-result__concept"));
      // An excerpt taken from the index-only term list says nothing: the key concept above is enough.
      if (query.value.trim() && !/cckw[0-9a-f]{8}/.test(d.excerpt)) li.append(excerpt(d.excerpt));
      list.append(li);
    }
    shown += slice.length;
    more.hidden = shown >= results.length;
  };

  const run = async () => {
    const mine = ++generation;
    const term = normalise(query.value) || null;
    const filters = chosen();
    const found = await search(term, filters);
    // Counts per facet: what each value would give, given the query and the other facets.
    const counts = await Promise.all(selects.map(async (s) => {
      const others = { ...filters };
      delete others[s.dataset.facet];
      const r = await search(term, others);
      return r.filters[s.dataset.facet] || {};
    }));
    if (mine !== generation) return;
    selects.forEach((s, i) => fillOptions(s, counts[i]));
    results = found.results;
    shown = 0;
    list.replaceChildren();
    list.hidden = results.length === 0;
    status.textContent = results.length
      ? `${results.length} 件の事例が見つかりました`
      : "条件に合う事例はありません。キーワードを変えるか、条件を減らしてください。";
    saveState();
    await renderMore(mine);
  };

  let timer;
  const later = () => { clearTimeout(timer); timer = setTimeout(run, 250); };

  const buildControls = (facets) => {
    for (const f of facets) {
      const present = document.getElementById(`cc-f-${f.name}`); // rendered by finder.md.j2: no layout shift
      if (present) {
        present._given = f.values || []; // order "given": the dimension's values in order (generator/dimensions.py)
        selects.push(present);
        continue;
      }
      const box = document.createElement("div");
      box.className = "cc-facet";
      const label = text("label", f.label);
      label.htmlFor = `cc-f-${f.name}`;
      const select = document.createElement("select");
      select.id = `cc-f-${f.name}`;
      select.name = f.name;
      select.dataset.facet = f.name;
      select.dataset.order = f.order;
      select._given = f.values || [];
      box.append(label, select);
      fieldset.append(box);
      selects.push(select);
    }
  };

  const start = async () => {
    const declared = await fetch(new URL("data/facets.json", root)).then((r) => r.json());
    regions = declared.regions;
    buildControls(declared.facets);
    const bundle = new URL("pagefind/", root);
    const parts = fetch(new URL("parts.json", bundle)).then((r) => (r.ok ? r.json() : []), () => []);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ baseUrl: root.pathname });
    // A large site is indexed in parts (generator/search.py index_site): merge them into one search.
    for (const part of await parts) await pagefind.mergeIndex(new URL(part, bundle).href, { baseUrl: root.pathname });
    const vocab = await fetch(new URL("data/search-vocabulary.json", root)).then((r) => r.json());
    vocabulary = Object.entries(vocab).sort((a, b) => b[0].length - a[0].length);
    const totals = await pagefind.filters();
    for (const s of selects) s._all = totals[s.dataset.facet] || {};
    loadState();
    for (const s of selects) fillOptions(s, s._all); // apply the URL's facets before the first search
    form.hidden = false;
    all.hidden = true;
    query.addEventListener("input", later);
    form.addEventListener("change", run);
    form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
    form.addEventListener("reset", () => setTimeout(() => { for (const s of selects) s.value = ""; run(); }));
    more.addEventListener("click", () => renderMore(generation));
    await run();
    document.body.dataset.finderReady = "true";
  };

  start().catch((err) => {
    status.textContent = "検索を読み込めませんでした。下の一覧からお探しください。";
    document.documentElement.classList.remove("cc-js"); // the head script hid the list before first paint
    all.hidden = false;
    console.error(err);
  });
})();
