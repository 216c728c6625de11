"""Synthesise N fictional cases from the bundled samples, for benchmarks."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.pages.registry import GENERATED

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["mkdocs.yml", "programmes", "docs", "overrides"]


def synthesise(target: Path, n: int, keep_samples: bool = False, one_place: bool = False) -> Path:
    """A project at target with n synthetic cases (case i copies sample i mod the number of samples, with its own id and title).

    keep_samples also copies the 8 samples unchanged, so one page can be compared across sizes.
    one_place: every synthetic case keeps its sample's municipalities but is moved to the first sample's
    place (the "flood": a pull request with thousands of look-alike files of one municipality).
    """
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for part in PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, target / part)
    for generated in GENERATED:
        path = target / "docs" / generated
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    samples = [p for p in sorted((ROOT / "cases").glob("*.yml")) if yaml.safe_load(p.read_text(encoding="utf-8")).get("sample") is True]
    texts = [p.read_text(encoding="utf-8") for p in samples]  # fictional samples only: a real case is never copied
    cases = target / "cases"
    cases.mkdir()
    if keep_samples:
        for p in samples:
            shutil.copy2(p, cases / p.name)
            if (p.parent / p.stem).is_dir():
                shutil.copytree(p.parent / p.stem, cases / p.stem)
    first_place = yaml.safe_load(texts[0])["municipalities"] if texts else []
    for i in range(n):
        j = i % len(samples)
        data = yaml.safe_load(texts[j])
        case_id = f"synth-{i:05d}"
        data["id"] = case_id
        data["title"] = f"{data['title']}（合成 {i:05d}）"
        data.pop("key_visual", None)  # images stay with their sample
        if one_place:
            data["municipalities"] = first_place
        else:
            for m in data["municipalities"]:
                m["name"] = f"{m['name']}{i:05d}"
        (cases / f"{case_id}.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target
