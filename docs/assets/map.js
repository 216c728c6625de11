// 地図で見る: one marker per case with coordinates, on 地理院タイル. Markers work even when tiles cannot load.
// Markers carry the number of their main theme (colour and number, never colour alone; see the legend), and the
// finder's filters in the URL (?theme=…&year=…) apply here too: the same parameters, the same facet values.
(() => {
  "use strict";
  const el = document.getElementById("cc-map");
  if (!el || !window.L) return;
  const legend = document.getElementById("cc-map-legend");
  const note = document.getElementById("cc-map-note");
  const filterLine = document.getElementById("cc-map-filters");
  const COLOURS = 8; // .cc-theme-1 … .cc-theme-8 in catalogue.css (classes, not style attributes: the CSP allows no inline style)
  const map = L.map(el, { scrollWheelZoom: false }).setView([36.5, 137.5], 5);
  const tiles = L.tileLayer("https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: '出典: <a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>',
  }).addTo(map);
  let warned = false;
  tiles.on("tileerror", () => {
    if (warned || !note) return;
    warned = true;
    note.textContent = "背景の地図（地理院タイル）を読み込めませんでした。マーカーと下の一覧はそのまま使えます。";
    note.hidden = false;
  });
  const text = (tag, value, cls) => {
    const node = document.createElement(tag);
    node.textContent = value;
    if (cls) node.className = cls;
    return node;
  };
  const popup = (p, url) => {
    const box = document.createElement("div");
    const a = text("a", p.title);
    a.href = url;
    box.append(a);
    const facts = [p.place, p.years.length ? `${p.years.join("・")}年度` : "", p.stage ? `段階: ${p.stage}` : "",
      p.theme ? `重点テーマ: ${p.theme}` : "", p.sample ? "サンプル（架空）" : ""].filter(Boolean);
    box.append(text("p", facts.join(" ／ ")));
    if (p.concept) box.append(text("p", p.concept));
    return box;
  };
  const params = new URLSearchParams(location.search);
  const only = params.get("case"); // from a case page's 「地図」 link: that case alone, zoomed in, popup open
  const wanted = [...params.entries()].filter(([k, v]) => k !== "q" && k !== "case" && v);
  const matches = (p) => (!only || p.id === only) && wanted.every(([k, v]) => (p.facets[k] || []).includes(v));
  fetch(el.dataset.geojson)
    .then((r) => r.json())
    .then((data) => {
      const base = new URL(el.dataset.geojson, location.href);
      const themes = [...new Set(data.features.map((f) => f.properties.theme || "重点テーマなし"))];
      const shown = data.features.filter((f) => matches(f.properties));
      const markers = shown.map((f) => {
        const [lon, lat] = f.geometry.coordinates;
        const n = themes.indexOf(f.properties.theme || "重点テーマなし");
        const icon = L.divIcon({ className: "cc-marker", iconSize: [24, 24], html: `<span class="cc-theme-${(n % COLOURS) + 1}">${n + 1}</span>` });
        const url = new URL("../" + f.properties.url, base).href;
        return L.marker([lat, lon], { icon, title: f.properties.title, alt: f.properties.title, keyboard: true })
          .bindPopup(() => popup(f.properties, url));
      });
      const group = L.featureGroup(markers).addTo(map);
      // A small padding keeps the whole country at zoom 5 on a phone, where markers stay 24 px targets apart (WCAG 2.5.8).
      if (markers.length) map.fitBounds(group.getBounds(), { padding: [14, 14], maxZoom: 10 });
      if (only && markers.length === 1) markers[0].openPopup();
      if (legend) {
        legend.replaceChildren(...themes.map((t, i) => {
          const li = document.createElement("li");
          const sw = text("span", String(i + 1), `cc-legend__mark cc-theme-${(i % COLOURS) + 1}`);
          li.append(sw, document.createTextNode(` ${t}`));
          return li;
        }));
      }
      const keyword = (params.get("q") || "").trim();
      if (filterLine && (wanted.length || only || keyword)) {
        filterLine.textContent = only ? "1 件の事例の場所を表示しています。"
          : wanted.length ? `条件（${wanted.map(([k, v]) => v).join("、")}）に合う ${shown.length} 件を表示しています。`
            : `位置が登録されている ${shown.length} 件をすべて表示しています。`;
        // The map does not search words: it says so instead of dropping the keyword in silence.
        if (keyword && !only) filterLine.append(` キーワード「${keyword}」は地図では使っていません（キーワードで探すには「事例を探す」へ）。`);
        const all = text("a", "すべて表示");
        all.href = location.pathname;
        filterLine.append(" ", all);
        filterLine.hidden = false;
      }
      el.dataset.markers = String(markers.length);
    })
    .catch(() => { el.dataset.markers = "error"; });
})();
