"""`catalogue serve`: the preview. Regenerates on every save, keeps the search index following edits,
and stays well-behaved under faults (SIGTERM, a busy port, a broken case).

- The MkDocs server runs as a child in its own process group; SIGTERM, SIGINT, SIGHUP or any error in
  this process stops that whole group (and on Linux the child also gets SIGTERM if we die by SIGKILL).
- The port is probed first: a busy port gives a Japanese message and the next free port, and the address
  printed (with the site's path from site_url) is the one MkDocs really serves.
- MkDocs serves with --dirty: the generator rewrites only the pages whose text changed, so a one-case
  edit re-renders only those pages.
- The Pagefind index (docs/pagefind/) is rebuilt in a background thread after edits (one at a time; edits
  during a rebuild are folded into one more).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from generator.site.build import mkdocs_command, mkdocs_env
from generator.pages.search import index_site

PORT_TRIES = 50


class Stop(Exception):
    """Raised in the main thread by the signal handler: leave through `finally`, stopping the children."""


def port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server does: TIME_WAIT is free
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def free_port(host: str, port: int, say: Callable[[str], None]) -> int | None:
    """The first free port from `port` on; tells the contributor when it is not `port` itself."""
    for candidate in range(port, min(port + PORT_TRIES, 65536)):
        if port_is_free(host, candidate):
            if candidate != port:
                say(f"ポート {port} は使用中です（前のプレビューがまだ動いているか、別のプログラムが使っています）。代わりにポート {candidate} を使います")
            return candidate
    say(f"エラー: ポート {port}〜{port + PORT_TRIES - 1} はすべて使用中です。--dev-addr 127.0.0.1:8100 のように別のポートを指定してください")
    return None


def parse_addr(addr: str) -> tuple[str, int] | None:
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    return host.strip("[]"), int(port)


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost: never through a proxy


def answers(url: str) -> bool:
    """Whether the preview's address really serves the site (MkDocs, once its first build is done)."""
    try:
        with _DIRECT.open(url, timeout=2) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def preview_url(host: str, port: int, site_url: str) -> str:
    path = urlsplit(site_url).path or "/"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{path if path.endswith('/') else path + '/'}"


def _die_with_parent() -> None:  # runs in the child between fork and exec
    os.setsid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: SIGTERM when we die
    except (OSError, AttributeError):
        pass


def start_child(cmd: list[str], cwd: Path, quiet: bool = False) -> subprocess.Popen[bytes]:
    """A child in its own process group (so it can be stopped as a whole) that dies with us."""
    out = subprocess.DEVNULL if quiet else None
    if sys.platform == "linux":
        return subprocess.Popen(cmd, cwd=cwd, env=mkdocs_env(), stdout=out, stderr=out, preexec_fn=_die_with_parent)
    return subprocess.Popen(cmd, cwd=cwd, env=mkdocs_env(), stdout=out, stderr=out, start_new_session=True)


def stop_child(child: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """SIGTERM to the child's whole process group, SIGKILL after `grace` seconds."""
    if child.poll() is not None:
        return
    try:
        os.killpg(child.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        child.wait(grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()


class SearchIndex:
    """Rebuilds docs/pagefind/ in the background: build the site into a temporary folder, index it there,
    then swap the new index in (the served docs/pagefind/ is never half written)."""

    def __init__(self, root: Path, docs_dir: Path, say: Callable[[str], None], refresh: Callable[[], None] | None = None) -> None:
        self.root, self.docs_dir, self.say, self.refresh = root, docs_dir, say, refresh
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._busy: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.builds = 0
        self._thread = threading.Thread(target=self._loop, name="search-index", daemon=True)

    def start(self) -> None:
        self._wanted.set()
        self._thread.start()

    def request(self) -> None:
        self._wanted.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wanted.set()
        with self._lock:
            if self._busy is not None:
                stop_child(self._busy, grace=2.0)
        self._thread.join(10)

    def _run(self, cmd: list[str]) -> bool:
        with self._lock:
            if self._stopping.is_set():
                return False
            self._busy = start_child(cmd, self.root, quiet=True)
        code = self._busy.wait()
        with self._lock:
            self._busy = None
        return code == 0

    def _loop(self) -> None:
        while True:
            self._wanted.wait()
            if self._stopping.is_set():
                return
            self._wanted.clear()
            if self.refresh is not None:
                try:
                    self.refresh()  # what the pages do not need at once (open data files)
                except Exception as exc:  # noqa: BLE001  the preview must keep running
                    self.say(f"ダウンロード用データを更新できませんでした（{exc}）")
            with tempfile.TemporaryDirectory(prefix=".catalogue-index-", dir=self.root) as tmp:  # same disk: rename
                site, index = Path(tmp) / "site", Path(tmp) / "pagefind"
                ok = self._run(mkdocs_command("build", "--site-dir", str(site))) and index_site(site, index, self._run, lanes=1)
                if self._stopping.is_set():
                    return
                if not ok:
                    self.say("検索インデックスを更新できませんでした（プレビューの検索は前の内容のままです）")
                    continue
                target = self.docs_dir / "pagefind"
                old = self.docs_dir / f".pagefind-old-{os.getpid()}"
                if target.exists():
                    target.rename(old)
                index.rename(target)
                shutil.rmtree(old, ignore_errors=True)
                self.builds += 1
                self.say(f"検索インデックスを更新しました（{time.strftime('%H:%M:%S')} の内容）")
