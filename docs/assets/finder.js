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
  let selects = []; // built from data/facets.json (generator/pages/search.py FACETS): no second list here
  let regions = [];
  let pagefind;
  let generation = 0;
  let current = null; // the list on the page: {results, shown, words, chain} of the run that answered last
  let lastKey = null; // the question (query and filters) of the newest run

  const text = (tag, value, cls) => {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  };

  // Samples are left out once real cases exist (the page then shows the switch #cc-samples, unticked).
  const samplesBox = document.getElementById("cc-samples");
  const chosen = () => Object.fromEntries(selects.filter((s) => s.value).map((s) => [s.dataset.facet, s.value]));
  const scope = (filters) => (samplesBox && !samplesBox.checked ? { ...filters, record: "実在の事例" } : filters);

  const saveState = () => {
    const params = new URLSearchParams();
    if (query.value.trim()) params.set("q", query.value.trim());
    for (const [k, v] of Object.entries(chosen())) params.set(k, v);
    if (samplesBox && samplesBox.checked) params.set("samples", "show");
    const url = params.toString() ? `?${params}` : location.pathname;
    history.replaceState(null, "", url);
    const toMap = document.getElementById("cc-to-map"); // the map reads the same parameters (map.js)
    if (toMap) toMap.href = new URL("map/", root).pathname + (params.toString() ? `?${params}` : "");
    if (toMap) toMap.textContent = params.get("q") ? "この条件の事例を地図で見る（地図ではキーワードを使いません）" : "この条件の事例を地図で見る";
  };

  const loadState = () => {
    const params = new URLSearchParams(location.search);
    query.value = params.get("q") || "";
    for (const s of selects) s.dataset.wanted = params.get(s.dataset.facet) || "";
    if (samplesBox) samplesBox.checked = params.get("samples") === "show";
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

  // The query is read as the pages are (generator/pages/readings.py normalise): NFKC folds width (ﾄﾞﾛｰﾝ → ドローン,
  // ＰＬＡＴＥＡＵ → PLATEAU) and Latin letters are compared in lower case (plateau = PLATEAU = Plateau).
  const normalise = (value) => value.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  const KANA = /^[\u3041-\u3096\u30a1-\u30f6\u30fc]+$/;
  const toHiragana = (w) => w.replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
  const readingFiles = new Map();
  // A word written only in kana also stands for the words that read so (みまもり → 見守り), as listed at build
  // time from the cases' own words (data/readings/<first kana>.json): never a word no case contains.
  const readingsOf = async (word) => {
    if (!KANA.test(word) || word.length < 2) return [];
    const key = toHiragana(word);
    const shard = key.codePointAt(0).toString(16);
    if (!readingFiles.has(shard)) {
      readingFiles.set(shard, fetch(new URL(`data/readings/${shard}.json`, root)).then((r) => (r.ok ? r.json() : {}), () => ({})));
    }
    const table = await readingFiles.get(shard);
    return (table[key] || []).filter((w) => w !== word);
  };
  const search = (term, filters) =>
    pagefind.search(term, { filters: { kind: "事例", ...filters }, sort: term ? undefined : { year: "desc" } });

  // The word index (generator/pages/readings.py word_index_files): word → the numbers of the cases holding it, in files by
  // first character, and every facet value → its cases. A case's number is its place in the list (newest year first).
  const cached = new Map();
  const json = (path) => {
    if (!cached.has(path)) cached.set(path, fetch(new URL(path, root)).then((r) => (r.ok ? r.json() : null), () => null));
    return cached.get(path);
  };
  const undelta = (gaps) => { let n = 0; return gaps.map((d) => (n += d)); };
  const LATIN = /[a-z0-9]/;
  // Runs of one script, as generator/pages/readings.py reads the text (the same ranges): 見守り = 見守 | り.
  const SCRIPTS = [[/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006]/, "k"], [/[\u3041-\u309f]/, "h"], [/[\u30a0-\u30ff]/, "t"], [LATIN, "l"]];
  const scriptOf = (ch) => (SCRIPTS.find(([re]) => re.test(ch)) || [null, "o"])[1];
  const runsOf = (word) => {
    const out = [];
    for (const ch of word) {
      if (out.length && scriptOf(out[out.length - 1].slice(-1)) === scriptOf(ch)) out[out.length - 1] += ch;
      else out.push(ch);
    }
    return out;
  };
  const MAX_KEY = 24;
  const hex = (chars) => [...chars].map((c) => c.codePointAt(0).toString(16)).join("-");
  // The keys that start with a word: the file of its first character, or of its first characters where that file is
  // split (it lists its parts under " "; a word shorter than the split needs every part).
  const keysFrom = async (name, word, depth) => {
    const shard = (await json(`data/words/${name}.json`)) || {};
    const parts = shard[" "];
    if (!parts) return Object.entries(shard);
    const own = Object.entries(shard).filter(([k]) => k !== " ");
    const chars = [...word]; // code points, as the file names count them
    if (chars.length > depth) {
      const next = `${name}-${hex(chars[depth])}`;
      return parts.includes(next) ? [...own, ...await keysFrom(next, word, depth + 1)] : own;
    }
    return [...own, ...(await Promise.all(parts.map((part) => keysFrom(part, word, depth + 1)))).flat()];
  };
  // The cases holding a piece of text of one or two runs and at most MAX_KEY characters, exactly: those with a key that
  // starts with it, never inside a Latin word (ai is not plateau's, nor aichi's).
  const holdersOf = async (piece) => {
    const found = new Set();
    for (const [key, gaps] of await keysFrom(hex([...piece][0]), piece, 1)) {
      if (!key.startsWith(piece) || (LATIN.test(piece[piece.length - 1]) && LATIN.test(key[piece.length] || ""))) continue;
      for (const n of undelta(gaps)) found.add(n);
    }
    return found;
  };
  const table = async () => {
    const t = await json("data/words/cases.json");
    if (!t.values) { // facet → case number → its values, for the counts (as Pagefind's filters on each page)
      t.values = {};
      for (const [facet, byValue] of Object.entries(t.facets)) {
        const of = t.values[facet] = Array.from({ length: t.count }, () => []);
        for (const [value, gaps] of Object.entries(byValue)) for (const n of undelta(gaps)) of[n].push(value);
      }
    }
    return t;
  };
  // Where a case's search fragment is (pagefind/cases/<k>.json, written by generator/pages/search.py fragment_map): only the
  // cases shown are opened, ten at a time. A fragment is gzip of "pagefind_dcd" and the page's JSON (as Pagefind reads it).
  const bundle = new URL("pagefind/", root);
  const fragment = async (n) => {
    const where = (await json(`pagefind/cases/${Math.floor(n / 32)}.json`))[n % 32];
    let bytes = new Uint8Array(await (await fetch(new URL(where, bundle))).arrayBuffer());
    if (String.fromCharCode(...bytes.slice(0, 12)) !== "pagefind_dcd") { // not already unpacked by the host
      bytes = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
    }
    const data = JSON.parse(new TextDecoder().decode(bytes.slice(12)));
    return { ...data, url: new URL(data.url.replace(/^\//, ""), root).pathname }; // as Pagefind gives it with baseUrl
  };
  const urlOf = async (n) => new URL(`cases/${(await json("data/words/ids.json"))[n]}/`, root).pathname;

  // Every result contains every word of the query, as written or as read (the case's own words, generator/pages/readings.py
  // own_text; not the page's labels, such as 「PLATEAU の活用」 on every page). A word of one or two runs is answered by
  // the index alone. A longer one (見守りサービス, a theme's title) has each pair of its neighbouring runs in the case: the
  // cases holding them all are opened and kept when their own text holds the word.
  const pageText = (d) => normalise((d.meta && d.meta.own) || "");
  const holdersOfText = async (alt) => {
    const runs = runsOf(alt);
    if (runs.length <= 2 && alt.length <= MAX_KEY) return holdersOf(alt);
    const pieces = runs.length <= 2 ? [alt] : runs.slice(1).map((r, i) => runs[i] + r);
    const sets = await Promise.all(pieces.map((p) => holdersOf(p.slice(0, MAX_KEY))));
    const maybe = [...sets[0]].filter((n) => sets.every((s) => s.has(n)));
    const data = await Promise.all(maybe.map(fragment));
    return new Set(maybe.filter((n, i) => contains(pageText(data[i]), alt)));
  };
  const holding = async (w) => new Set((await Promise.all(w.alternatives.map(holdersOfText))).flatMap((s) => [...s]));
  const candidates = async (words) => {
    const sets = await Promise.all(words.map(holding));
    const each = sets.map((s) => s.size);
    const all = [...sets[0]].filter((n) => sets.every((s) => s.has(n))).sort((a, b) => a - b);
    return { all, each };
  };
  // A word as written, never a fragment of a Latin word: ai is not found in saisei (AI画像 still has AI).
  const contains = (hay, word) => {
    for (let at = hay.indexOf(word); at >= 0; at = hay.indexOf(word, at + 1)) {
      const before = at > 0 && LATIN.test(word[0]) && LATIN.test(hay[at - 1]);
      const after = LATIN.test(word[word.length - 1]) && LATIN.test(hay[at + word.length] || "");
      if (!before && !after) return true;
    }
    return false;
  };
  // The facet values of case n, as its page gives them to Pagefind (generator/pages/search.py facet_values).
  const passes = (t, n, filters, except) => Object.entries(filters).every(([k, v]) => k === except || (t.values[k] || [])[n]?.includes(v));
  const countsOf = (t, numbers, facet, filters) => {
    const counts = {};
    for (const n of numbers) if (passes(t, n, filters, facet)) for (const v of (t.values[facet] || [])[n] || []) counts[v] = (counts[v] || 0) + 1;
    return counts;
  };
  const readWords = async (value) => Promise.all(value.normalize("NFKC").split(/\s+/).filter(Boolean).map(async (typed) => {
    const word = normalise(typed);
    return { word: typed, alternatives: [word, ...await readingsOf(word)] };
  }));
  const quoted = (words) => words.map((w) => (w.alternatives.length > 1 ? `「${w.word}」（${w.alternatives.slice(1).join("・")}）` : `「${w.word}」`)).join("と");

  const hint = document.getElementById("cc-hint");
  const suggest = async (absent) => { // what the reader can try instead of a word no case contains
    const parts = [];
    const seg = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("ja", { granularity: "word" }) : null;
    const pieces = seg ? [...seg.segment(absent)].map((s) => s.segment).filter((p) => p.length >= 2 && p !== absent) : [];
    for (const piece of pieces) {
      const { all } = await candidates(await readWords(piece));
      if (all.length) parts.push([`「${piece}」なら ${all.length} 件あります`, `?q=${encodeURIComponent(piece)}`]);
    }
    hint.replaceChildren();
    hint.append(document.createTextNode("ほかの探し方: "));
    const links = [...parts, ["重点テーマの一覧", new URL("themes/", root).pathname], ["条件（都道府県など）で絞り込む", "#cc-more-facets"]];
    links.forEach(([label, href], i) => {
      const a = text("a", label);
      a.href = href;
      if (href === "#cc-more-facets") a.addEventListener("click", () => { document.getElementById("cc-more-facets").open = true; });
      if (i) hint.append(document.createTextNode("、"));
      hint.append(a);
    });
    hint.hidden = false;
  };

  // The excerpt is cut from the case's own words around the first word of the query found there, so it always
  // shows why the case was found (Pagefind's excerpt may come from the hidden word list of the page).
  const ownExcerpt = (d, words) => {
    const own = (d.meta && d.meta.own) || ""; // NFKC already (generator/pages/readings.py own_text): only the case is folded
    const hay = own.toLowerCase();
    for (const w of words) {
      for (const alt of w.alternatives) {
        if (!contains(hay, alt)) continue;
        const at = hay.indexOf(alt);
        const p = document.createElement("p");
        p.className = "cc-result__excerpt";
        const from = Math.max(0, at - 40), to = Math.min(hay.length, at + alt.length + 60);
        p.append(document.createTextNode((from ? "…" : "") + own.slice(from, at)), text("mark", own.slice(at, at + alt.length)),
          document.createTextNode(own.slice(at + alt.length, to) + (to < own.length ? "…" : "")));
        return p;
      }
    }
    return null;
  };

  // One run's list: the next ten of its results, in order, only while it is the list on the page. Each run has its
  // own view, so an older run still loading can neither add to nor count in a newer one's list; the clicks of one
  // view are chained, so two quick clicks of さらに表示 show twenty results, each once.
  const dataOf = (r) => (r.loaded = r.loaded || (r.result ? r.result.data() : fragment(r.n))); // each opened once
  const renderMore = (view) => (view.chain = view.chain.then(async () => {
    const slice = view.results.slice(view.shown, view.shown + PAGE);
    const data = await Promise.all(slice.map(dataOf));
    if (view !== current) return;
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
      const own = ownExcerpt(d, view.words);
      if (own) li.append(own);
      list.append(li);
    }
    view.shown += slice.length;
    more.hidden = view.shown >= view.results.length;
  }));

  // The finder's answer for a query and facets, without touching the page (tests call it as window.ccFind).
  const find = async (value, chosenFilters) => {
    const filters = scope(chosenFilters);
    const term = normalise(value);
    if (!term) {
      const found = await search(null, filters);
      const counts = await Promise.all(selects.map(async (s) => {
        const others = { ...filters };
        delete others[s.dataset.facet];
        return (await search(null, others)).filters[s.dataset.facet] || {};
      }));
      return { results: found.results.map((r) => ({ result: r })), counts, words: [], each: [] };
    }
    const words = await readWords(value);
    const [{ all, each }, t] = await Promise.all([candidates(words), table()]);
    const counts = selects.map((s) => countsOf(t, all, s.dataset.facet, filters));
    return { results: all.filter((n) => passes(t, n, filters)).map((n) => ({ n })), counts, words, each };
  };

  const run = async () => {
    const asked = query.value; // the query this run answers (the box may change while it waits)
    const filters = chosen();
    // The question the newest run answers, or is answering, again (a typed query fires input, then change when the
    // box loses focus, as when さらに表示 is clicked): the list stays as it is, with what さらに表示 added.
    const key = JSON.stringify([normalise(asked), scope(filters)]);
    if (key === lastKey) return;
    lastKey = key;
    const mine = ++generation;
    const answer = await find(asked, filters);
    if (mine !== generation) return;
    await Promise.all(answer.results.slice(0, PAGE).map(dataOf)); // the first page: the count and the list appear together
    if (mine !== generation) return;
    selects.forEach((s, i) => fillOptions(s, answer.counts[i]));
    const view = current = { results: answer.results, shown: 0, words: answer.words, chain: Promise.resolve() };
    const results = view.results;
    list.replaceChildren();
    more.hidden = true;
    list.hidden = results.length === 0;
    hint.hidden = true;
    const { words, each } = answer;
    const absent = words.filter((w, i) => each[i] === 0);
    if (results.length) {
      status.textContent = words.length ? `${quoted(words)}を含む事例が ${results.length} 件見つかりました` : `${results.length} 件の事例が見つかりました`;
    } else if (absent.length) {
      status.textContent = `${quoted(absent)}を含む事例はありません。`;
      await suggest(absent[0].word);
      if (mine !== generation) return; // a newer query is being answered
    } else if (words.length > 1 && !Object.keys(filters).length) {
      status.textContent = `${quoted(words)}を両方含む事例はありません。言葉を 1 つずつ探してみてください。`;
    } else {
      status.textContent = "条件に合う事例はありません。キーワードを変えるか、条件を減らしてください。";
    }
    saveState();
    await renderMore(view);
    if (mine !== generation) return; // a newer query is being answered: it sets the markers
    document.body.dataset.finderAnswered = asked; // which query the list now answers (tests wait on it)
    document.body.dataset.finderRuns = String(mine); // how many answers so far
  };
  window.ccFind = async (value, filters = {}) => Promise.all((await find(value, filters)).results.map(async (e) => (e.result ? (await e.result.data()).url : urlOf(e.n))));

  let timer;
  const later = () => { clearTimeout(timer); timer = setTimeout(run, 250); };

  const buildControls = (facets) => {
    for (const f of facets) {
      const present = document.getElementById(`cc-f-${f.name}`); // rendered by finder.md.j2: no layout shift
      if (present) {
        present._given = f.values || []; // order "given": the dimension's values in order (generator/catalogue/dimensions.py)
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
    const parts = fetch(new URL("parts.json", bundle)).then((r) => (r.ok ? r.json() : []), () => []);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ baseUrl: root.pathname });
    // A large site is indexed in parts (generator/pages/search.py index_site): merge them into one search.
    for (const part of await parts) await pagefind.mergeIndex(new URL(part, bundle).href, { baseUrl: root.pathname });
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
    more.addEventListener("click", () => current && renderMore(current));
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
