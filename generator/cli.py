"""Command line: `catalogue validate | build | serve | new` (also `python -m generator`).

Exit codes: 0 ok, 1 invalid cases, 2 usage or environment problem.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

from generator.site.build import BuildError, build_site, hook_config, mkdocs_command
from generator.read.errors import CaseError, Problem
from generator.catalogue.model import Catalogue
from generator.pages.registry import GENERATED
from generator.pipeline import Project, Result, generate, load_programmes, validate
from generator.read.skeleton import skeleton

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    project = Project(Path(args.root).resolve())
    if not (project.root / "mkdocs.yml").is_file() or not project.cases_dir.is_dir():
        print(f"エラー: {project.root} はカタログのフォルダではありません（mkdocs.yml と cases/ がありません）。--root でフォルダを指定してください", file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(project, args)
    except CaseError as exc:  # a maintainer data file (themes) is broken
        _report(exc.problems, args)
        return EXIT_INVALID


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"エラー: コマンドの書き方が正しくありません（{message}）。`catalogue --help` で使い方を確認してください\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="catalogue", description="スマートシティ事例カタログの検証・生成")
    parser.add_argument("--root", default=".", help="プロジェクトのフォルダ（既定: 現在のフォルダ）")
    sub = parser.add_subparsers(required=True, metavar="command", parser_class=_Parser)
    v = sub.add_parser("validate", help="事例の YAML を検証する")
    v.add_argument("files", nargs="*", type=Path, help="検証するファイル（省略時は cases/ のすべて）")
    v.add_argument("--format", choices=["text", "github"], default="text", help="github: GitHub Actions の注釈形式でも出力")
    v.set_defaults(run=cmd_validate)
    b = sub.add_parser("build", help="ページを生成して site/ にサイトをビルドする")
    b.add_argument("--format", choices=["text", "github"], default="text")
    b.add_argument("--site-dir", default="site")
    b.set_defaults(run=cmd_build)
    g = sub.add_parser("generate", help="ページの Markdown だけを docs/ に生成する")
    g.add_argument("--format", choices=["text", "github"], default="text")
    g.set_defaults(run=cmd_generate)
    s = sub.add_parser("serve", help="プレビュー用サーバーを起動する（cases/ の変更で再生成）")
    s.add_argument("--format", choices=["text", "github"], default="text")
    s.add_argument("--dev-addr", default="127.0.0.1:8000")
    s.set_defaults(run=cmd_serve)
    m = sub.add_parser("migrate", help="古い形式（形式 1）の事例を形式 2 に書き換える")
    m.add_argument("files", nargs="+", type=Path, help="書き換えるファイル")
    m.add_argument("--format", choices=["text", "github"], default="text")
    m.set_defaults(run=cmd_migrate)
    n = sub.add_parser("new", help="新しい事例のひな形を cases/ に作る")
    n.add_argument("id", help="事例ID（半角英小文字・数字・ハイフン。例: minato-bousai）")
    n.add_argument("--format", choices=["text", "github"], default="text")
    n.set_defaults(run=cmd_new)
    return parser


def _report(problems: list[Problem], args: argparse.Namespace) -> None:
    for p in problems:
        print(p.format(), file=sys.stderr)
        if args.format == "github":
            print(p.github())


def _summary(result: Result) -> str:
    return f"{result.files_read} 件のファイルを検証: エラー {len(result.errors)} 件、警告 {len(result.warnings)} 件"


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    missing = [f for f in args.files if not os.path.lexists(f)]
    if missing:
        print(f"エラー: ファイル {missing[0]} がありません", file=sys.stderr)
        return EXIT_USAGE
    # absolute, not resolved: a symlink, a folder or a device is named as written and refused when read
    result = validate(project, [f.absolute() for f in args.files] if args.files else None)
    _report(result.problems, args)
    print(_summary(result), file=sys.stderr)
    return EXIT_INVALID if result.errors else EXIT_OK


def cmd_generate(project: Project, args: argparse.Namespace) -> int:
    return _generate(project, args)[0]


def _generate(project: Project, args: argparse.Namespace) -> tuple[int, Catalogue, Result]:
    result, catalogue, stats = generate(project)
    _report(result.problems, args)
    print(f"{_summary(result)}。ページ {len(stats.written)} 件を書き込み（変更なし {stats.unchanged} 件、うち入力が同じで作り直さなかった事例ページ {stats.cached} 件、削除 {len(stats.removed)} 件）", file=sys.stderr)
    return (EXIT_INVALID if result.errors else EXIT_OK), catalogue, result


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    code, catalogue, result = _generate(project, args)
    if code != EXIT_OK:
        print("エラーのある事例があるため、サイトはビルドしません。上のメッセージに従って直してください", file=sys.stderr)
        return code
    try:
        built = build_site(project.root, args.site_dir, catalogue, project.site().url)
    except BuildError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"サイトを {args.site_dir}/ にビルドしました（mkdocs {built.seconds['mkdocs']:.1f} 秒、Pagefind {built.seconds['pagefind']:.1f} 秒）", file=sys.stderr)
    report = built.report
    assert report is not None
    print(f"まとめ: 事例ファイル {result.files_read} 件を読み込み、有効 {len(catalogue.cases)} 件、事例ページ {report.pages} 件、"
          f"検索インデックス {report.indexed} ページ", file=sys.stderr)
    for line in report.missing:
        print(f"エラー: {line}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_USAGE


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    try:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        print("エラー: プレビューには watchdog が必要です。pip install -e '.[serve]' でインストールしてください", file=sys.stderr)
        return EXIT_USAGE
    from generator.site import serve

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    addr = serve.parse_addr(args.dev_addr)
    if addr is None:
        say(f"エラー: --dev-addr「{args.dev_addr}」の書き方が正しくありません。127.0.0.1:8000 のように「ホスト:ポート」で指定してください")
        return EXIT_USAGE
    host, wanted = addr
    port = serve.free_port(host, wanted, say)
    if port is None:
        return EXIT_USAGE

    def stop(signum: int, frame: object) -> None:
        raise serve.Stop()

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)

    lock = threading.Lock()
    memo: dict = {}  # validation outcomes by file content: an unchanged case is not checked again

    quick = tuple(root for root in GENERATED if root != "cases")

    def regenerate(full: bool = False, report: bool = True) -> None:
        """After a save: the case pages at once; listings and open data with the search index, in the background."""
        with lock:
            started = time.perf_counter()
            result, _, stats = generate(project, preview=True, memo=memo, keep=() if full else quick)
            if report:
                _report(result.problems, args)
                say(f"{_summary(result)}。{len(stats.written)} ページを更新（{time.perf_counter() - started:.1f} 秒）")
        if not full and (stats.written or stats.removed):
            index.request()

    index = serve.SearchIndex(project.root, project.docs_dir, say, refresh=lambda: regenerate(full=True, report=False))

    changed = threading.Event()

    def regenerate_on_change() -> None:
        while True:
            changed.wait()
            time.sleep(0.05)  # an editor's save is several events: fold them into one run
            changed.clear()
            try:
                regenerate()
            except CaseError as exc:
                _report(exc.problems, args)

    class Changed(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not event.is_directory and event.event_type in ("created", "modified", "deleted", "moved"):
                changed.set()

    child = None
    observer = Observer()
    try:
        regenerate(full=True)
        index.start()
        threading.Thread(target=regenerate_on_change, name="regenerate", daemon=True).start()
        for folder in (project.cases_dir, project.programmes_dir):
            observer.schedule(Changed(), str(folder), recursive=True)
        observer.start()
        # mkdocs watches docs/, so a regenerated page reloads the browser; --dirty: only changed pages are rebuilt
        config = hook_config(project.root, "serve", preview=True)  # mkdocs_shard.py repairs a --dirty race
        child = serve.start_child(mkdocs_command("serve", "--livereload", "--dirty", "--no-strict", "--config-file", str(config),
                                                 "--dev-addr", f"{host}:{port}"), project.root)
        url = serve.preview_url(host, port, project.site().url)
        say(f"プレビューを準備しています（最初のビルドが終わると {url} で見られます）")
        while child.poll() is None:
            if serve.answers(url) and child.poll() is None:
                say(f"プレビュー: {url} （止めるには Ctrl+C）")
                break
            time.sleep(0.2)
        code = child.wait()
        if code != 0:
            say("エラー: プレビューのサーバー（mkdocs serve）が止まりました。上のメッセージを確かめてください")
            return EXIT_USAGE
        return EXIT_OK
    except (KeyboardInterrupt, serve.Stop):
        return EXIT_OK
    finally:
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):  # a second signal must not cut the clean-up short
            signal.signal(sig, signal.SIG_IGN)
        if child is not None:
            serve.stop_child(child)
        index.stop()
        if observer.is_alive():
            observer.stop()
            observer.join()
        (project.root / ".catalogue-serve.yml").unlink(missing_ok=True)


def cmd_new(project: Project, args: argparse.Namespace) -> int:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,63}", args.id):
        print(f"エラー: 事例ID「{args.id}」は使えません。半角英小文字・数字・ハイフンで 3〜64 文字にしてください（例: minato-bousai）", file=sys.stderr)
        return EXIT_USAGE
    target = project.cases_dir / f"{args.id}.yml"
    if target.exists():
        print(f"エラー: {project.rel(target)} はもうあります。別の事例IDにしてください", file=sys.stderr)
        return EXIT_USAGE
    years = load_programmes(project)
    themed = [y for y, data in years.items() if data.themes] or list(years)
    target.write_text(skeleton(args.id, years[max(themed)]), encoding="utf-8")
    print(f"{project.rel(target)} を作りました。コメントに従って書き、`catalogue validate {project.rel(target)}` で確かめてください", file=sys.stderr)
    return EXIT_OK


def cmd_migrate(project: Project, args: argparse.Namespace) -> int:
    from generator.read.load import load_document
    from generator.read.migrate import dump, is_old_format, leading_comments, migrate

    code = EXIT_OK
    for path in args.files:
        if not path.is_file():
            print(f"エラー: ファイル {path} がありません", file=sys.stderr)
            code = EXIT_USAGE
            continue
        doc = load_document(path, project.rel(path.resolve()))
        if not is_old_format(doc.data):
            print(f"{doc.file}: すでに形式 2 です（変更なし）", file=sys.stderr)
            continue
        text = path.read_text(encoding="utf-8")
        path.write_text(dump(migrate(doc.data), leading_comments(text)), encoding="utf-8")
        print(f"{doc.file}: 形式 2 に書き換えました（年度ごとの情報は rounds に、出典は sources にまとめました。コメントは先頭のものだけ残ります）。"
              f"`catalogue validate {doc.file}` で確かめてください", file=sys.stderr)
    return code
