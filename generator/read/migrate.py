"""`catalogue migrate`: rewrite a case written in format 1 (one fiscal year, required form fields) into format 2.

Format 1 had the year's programme facts at the top (fiscal_year, subsidy_type, support_category, themes,
budget) and earlier years in `history`. Format 2 lists every year in `rounds`, and needs `sources`.
Nothing is invented: a fictional sample gets the catalogue itself as its source; a real case gets its
links and KPI source addresses as sources, and if it had none, validation then asks for one.
"""

from __future__ import annotations

from typing import Any

OLD_KEYS = ("subsidy_type", "support_category", "themes", "budget", "history")
SAMPLE_SOURCE = {"id": "sample", "title": "架空のサンプル（説明のために作成した事例）", "publisher": "スマートシティ事例カタログ", "kind": "その他"}


def is_old_format(data: Any) -> bool:
    return isinstance(data, dict) and "rounds" not in data and any(k in data for k in OLD_KEYS + ("fiscal_year",))


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 → format 2, keeping every fact and the order of keys a reader expects."""
    if not is_old_format(data):
        return data
    old = dict(data)
    sources = _sources(old)
    out: dict[str, Any] = {}
    for key in ("id", "sample", "title"):
        if key in old:
            out[key] = old.pop(key)
    out["rounds"] = _rounds(old)
    old.pop("fiscal_year", None)
    for key in OLD_KEYS:
        old.pop(key, None)
    partners = _partners(old)
    _rename_data_provider(old)
    for key, value in old.items():
        out[key] = value
        if key == "municipalities" and partners:
            out["partners"] = partners
    if partners and "partners" not in out:
        out["partners"] = partners
    if sources:
        out["sources"] = sources
    return out


def _rounds(old: dict[str, Any]) -> list[dict[str, Any]]:
    rounds = [_past_round(h) for h in sorted(old.get("history") or [], key=lambda h: h.get("fiscal_year", 0))]
    main: dict[str, Any] = {"fiscal_year": old.get("fiscal_year")}
    for new, key in (("type", "subsidy_type"), ("category", "support_category"), ("themes", "themes"), ("budget", "budget")):
        if old.get(key) is not None:
            main[new] = old[key]
    if "subsidy_type" in old:
        main = {"fiscal_year": main["fiscal_year"], "funding": "補助", **{k: v for k, v in main.items() if k != "fiscal_year"}}
    return rounds + [main]


def _past_round(h: dict[str, Any]) -> dict[str, Any]:
    r: dict[str, Any] = {"fiscal_year": h.get("fiscal_year")}
    if h.get("program"):
        r["programme"] = h["program"]
    if h.get("title"):
        r["title"] = h["title"]
    if h.get("subsidy_type"):
        r["type"] = h["subsidy_type"]
    budget = {k: h[f] for k, f in (("total", "budget_total"), ("subsidy", "subsidy")) if h.get(f) is not None}
    if budget:
        r["budget"] = budget
    if h.get("summary"):
        r["summary"] = h["summary"]
    return r


def _rename_data_provider(old: dict[str, Any]) -> None:
    """design.data[].source (the data's provider) is `provider` in format 2: `source` always names a 出典."""
    design = old.get("design")
    for item in design.get("data") or [] if isinstance(design, dict) else []:
        if isinstance(item, dict) and "source" in item:
            renamed = {("provider" if k == "source" else k): v for k, v in item.items()}
            item.clear()
            item.update(renamed)


def _partners(old: dict[str, Any]) -> list[dict[str, Any]]:
    cooperation = old.get("cooperation")
    if not isinstance(cooperation, dict) or not cooperation.get("partners"):
        return []
    partners = [{k: v for k, v in p.items() if k in ("name", "role")} for p in cooperation.pop("partners")]
    return partners


def _sources(old: dict[str, Any]) -> list[dict[str, Any]]:
    if old.get("sample"):
        return [dict(SAMPLE_SOURCE)]
    sources: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for link in old.get("links") or []:
        if isinstance(link, dict) and link.get("url") and link["url"] not in seen:
            seen[link["url"]] = f"s{len(sources) + 1}"
            sources.append({"id": seen[link["url"]], "title": link.get("title", link["url"]), "url": link["url"]})
    for kpi in old.get("kpis") or []:
        for actual in kpi.get("actuals") or [] if isinstance(kpi, dict) else []:
            url = actual.get("source") if isinstance(actual, dict) else None
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                if url not in seen:
                    seen[url] = f"s{len(sources) + 1}"
                    sources.append({"id": seen[url], "title": f"KPI「{kpi.get('name', '')}」の実績の出典", "url": url})
                actual["source"] = seen[url]
            elif isinstance(url, str):
                actual.pop("source")
                actual["note"] = "；".join(x for x in (actual.get("note"), f"出典: {url}") if x)
    return sources


def dump(data: dict[str, Any], header: str = "") -> str:
    """YAML as a contributor would write it: block style, Japanese unescaped, multi-line text as `|` blocks."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
            return super().increase_indent(flow, False)  # lists indented under their key, as people write them

    def _str(dumper: yaml.SafeDumper, value: str) -> Any:
        style = "|" if "\n" in value.strip() else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value.rstrip("\n") + "\n" if style else value, style=style)

    _Dumper.add_representer(str, _str)
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)
    return header + body


def leading_comments(text: str) -> str:
    """The comment lines at the top of a file (the schema line, a sample notice), kept by migrate."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)
