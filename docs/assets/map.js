// 地図で見る: one marker per case with coordinates, on 地理院タイル. Markers work even when tiles cannot load.
(() => {
  "use strict";
  const el = document.getElementById("cc-map");
  if (!el || !window.L) return;
  const map = L.map(el, { scrollWheelZoom: false }).setView([36.5, 137.5], 5);
  L.tileLayer("https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: '出典: <a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>',
  }).addTo(map);
  const popup = (p, url) => {
    const box = document.createElement("div");
    const a = document.createElement("a");
    a.href = url;
    a.textContent = p.title;
    const place = document.createElement("p");
    place.textContent = p.place + (p.sample ? "（サンプル）" : "");
    box.append(a, place);
    return box;
  };
  fetch(el.dataset.geojson)
    .then((r) => r.json())
    .then((data) => {
      const base = new URL(el.dataset.geojson, location.href);
      const markers = data.features.map((f) => {
        const [lon, lat] = f.geometry.coordinates;
        const icon = L.divIcon({ className: "cc-marker", iconSize: [24, 24], html: "" });
        const url = new URL("../" + f.properties.url, base).href;
        return L.marker([lat, lon], { icon, title: f.properties.title, alt: f.properties.title, keyboard: true })
          .bindPopup(() => popup(f.properties, url));
      });
      const group = L.featureGroup(markers).addTo(map);
      if (markers.length) map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 10 });
      el.dataset.markers = String(markers.length);
    })
    .catch(() => { el.dataset.markers = "error"; });
})();
