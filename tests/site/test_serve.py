"""`catalogue serve` under faults: real processes, real sockets (no timing assertions, only deadlines)."""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project
from generator.pipeline import Project, generate

DEADLINE = 180  # seconds a step may take on a slow machine before the test gives up


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child} | _descendants(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Preview:
    def __init__(self, root: Path, port: int) -> None:
        self.log = root.parent / "serve.log"
        self.proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                     cwd=root, stdout=subprocess.DEVNULL, stderr=self.log.open("wb"))

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str) -> re.Match[str]:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            if found := re.search(pattern, self.output()):
                return found
            assert self.proc.poll() is None, self.output()
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} in:\n{self.output()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


@pytest.fixture
def preview_project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    text = (root / "cases" / "sample-ekimae-jinryu.yml").read_text(encoding="utf-8")
    broken = text.replace("id: sample-ekimae-jinryu", "id: broken-case")
    broken = re.sub(r"^(\s*- )fiscal_year: .*$", r"\1fiscal_year: 二千", broken, count=1, flags=re.M)  # a round's year in kanji
    (root / "cases" / "broken-case.yml").write_text(broken, encoding="utf-8")
    return root


@pytest.mark.build  # `catalogue serve` builds the site
def test_sigterm_stops_the_preview_and_its_server(preview_project: Path) -> None:
    port = _free_port()
    preview = Preview(preview_project, port)
    try:
        url = preview.wait_for(r"プレビュー: (http://\S+)").group(1)
        assert _get(url)[0] == 200
        children = _descendants(preview.proc.pid)
        assert children  # the MkDocs server (and perhaps the index build) run as children
        preview.proc.send_signal(signal.SIGTERM)
        assert preview.proc.wait(DEADLINE) == 0
        end = time.monotonic() + 30
        while any(map(_alive, children)) and time.monotonic() < end:
            time.sleep(0.1)
        assert [pid for pid in children if _alive(pid)] == []
        with pytest.raises(ConnectionRefusedError):  # nothing serves there any more
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        with socket.socket() as s:  # and the next start gets the port (bound as MkDocs binds: SO_REUSEADDR)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
        assert "Traceback" not in preview.output()
    finally:
        preview.stop()


@pytest.mark.build  # `catalogue serve` builds the site
def test_busy_port_gives_a_japanese_message_and_the_next_free_port(preview_project: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        preview = Preview(preview_project, port)
        try:
            url = preview.wait_for(r"プレビュー: (http://\S+)").group(1)
            assert f"ポート {port} は使用中です" in preview.output()
            assert f":{port}/" not in url and url.endswith("/catalogue/")
            status, html = _get(url)
            assert status == 200 and "スマートシティ事例カタログ" in html
            status, html = _get(url + "cases/broken-case/")  # the case with an error: its errors, not a 404
            assert status == 200
            assert "エラーがあるため、ページを作れません" in html and "書かれていたのは「二千」" in html
            assert "Address already in use" not in preview.output()
        finally:
            preview.stop()


@pytest.mark.build  # `catalogue serve` builds the site
def test_the_preview_search_index_follows_edits(preview_project: Path) -> None:
    preview = Preview(preview_project, _free_port())
    try:
        url = preview.wait_for(r"プレビュー: (http://\S+)").group(1)
        preview.wait_for("検索インデックスを更新しました")
        case = preview_project / "cases" / "sample-yukimino-josetsu.yml"
        case.write_text(case.read_text(encoding="utf-8").replace("title: ", "title: ほろよいかもしか", 1), encoding="utf-8")
        fragments = preview_project / "docs" / "pagefind"

        def indexed() -> bool:  # Pagefind stores the text with U+200B at word breaks
            try:
                return any("ほろよいかもしか" in gzip.decompress(f.read_bytes()).decode("utf-8", "replace").replace("\u200b", "")
                           for f in fragments.rglob("*.pf_fragment"))
            except OSError:  # the index folder was being swapped
                return False

        end = time.monotonic() + DEADLINE
        while time.monotonic() < end and not indexed():
            assert preview.proc.poll() is None, preview.output()
            time.sleep(0.5)
        assert indexed()
        end = time.monotonic() + DEADLINE
        while "ほろよいかもしか" not in _get(url + "cases/sample-yukimino-josetsu/")[1] and time.monotonic() < end:
            time.sleep(0.2)
        assert "ほろよいかもしか" in _get(url + "cases/sample-yukimino-josetsu/")[1]
    finally:
        preview.stop()


def test_error_pages_only_in_the_preview(preview_project: Path) -> None:
    project = Project(preview_project)
    generate(project)
    assert not (project.docs_dir / "cases" / "broken-case.md").exists()
    generate(project, preview=True)
    page = (project.docs_dir / "cases" / "broken-case.md").read_text(encoding="utf-8")
    assert "edit_path: cases/broken-case.yml" in page and "書かれていたのは「二千」" in page
    (preview_project / "cases" / "broken-case.yml").unlink()
    generate(project, preview=True)
    assert not (project.docs_dir / "cases" / "broken-case.md").exists()
