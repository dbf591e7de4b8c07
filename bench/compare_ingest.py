"""Ingest throughput beside an earlier commit: one corpus, each tree's own code, one run.

    python -m bench.compare_ingest                          # beside af1b895, N = 200,000
    python -m bench.compare_ingest --n 20000 --repeat 2     # smaller, both orders
    python -m bench.compare_ingest --doc                    # and write docs/benchmarks.md

Issue 9 asks that ingest stay at most 10% below the code before it. This checks that in one
run: a git worktree of ``--baseline`` (detached, in a temporary folder, removed afterwards,
also on failure or Ctrl-C) beside this working tree, uncommitted changes included. One corpus
is written with this tree's ``bench.corpus``; each tree then ingests that same file into a
fresh database in a child process of the same Python, with ``PYTHONPATH`` set to the tree and
``-P`` so nothing else comes first on the path. The child reports where it imported
``newsroom`` and ``store`` from and refuses to run when that is not its tree (the editable
install would otherwise quietly supply this tree's code). Runs alternate, baseline first:
with ``--repeat 2`` the order is baseline, current, current, baseline.

The timing is bench.run's real-path ingest figure: ``open_db`` first, then wall-clock
``time.perf_counter()`` around ``newsroom.ingest.ingest(db, corpus, report, fmt="jsonl")``.
The database size is ``bench.measure.database_size``. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
"""The current tree: the working tree this file belongs to."""
DEFAULT_BASELINE = "af1b895"
"""The last commit before issue 9's work."""
DEFAULT_N = 200_000
TARGET_N = 200_000
"""The corpus size issue 9 asks the comparison to be made at (or more)."""
ALLOWED_SLOWDOWN = 0.10
DOC = Path("docs/benchmarks.md")
BEGIN = (
    "<!-- compare-ingest:begin: written by `python -m bench.compare_ingest --doc`; "
    "edit outside these markers -->"
)
END = "<!-- compare-ingest:end -->"
CHILD_FLAG = "--child"
PACKAGES = ("newsroom", "store", "bot", "handlers")
"""The project's packages: every one a child has loaded must come from its own tree."""
TICK_SECONDS = 30


class WrongTree(RuntimeError):
    """A child imported the project's code from somewhere other than its tree."""


def progress(message: str) -> None:
    """A progress line on stderr (the figures go to stdout)."""
    print(message, file=sys.stderr, flush=True)


# --- the child: one timed ingest with one tree's code ------------------------------------


def child_main(argv: list[str]) -> int:
    """``compare_ingest.py --child TREE CORPUS DB RESULT``: ingest CORPUS into a fresh DB with
    the code of TREE (which must be first on ``sys.path``) and write the figures to RESULT."""
    tree, corpus, db_path, result = map(Path, argv)
    tree = tree.resolve()
    import newsroom
    import newsroom.ingest
    import store
    import store.schema

    where = {m.__name__: Path(m.__file__).resolve() for m in (newsroom, store)}
    for name, path in where.items():
        print(f"  child imports {name} from {path.parent}", flush=True)
    _check_tree(tree, where)

    db = store.schema.open_db(db_path)
    report = newsroom.ingest.IngestReport()
    start = time.perf_counter()
    newsroom.ingest.ingest(db, str(corpus), report, fmt="jsonl")
    seconds = time.perf_counter() - start
    db.close()

    loaded = {
        name: Path(module.__file__).resolve()
        for name, module in list(sys.modules.items())
        if name.split(".")[0] in PACKAGES and getattr(module, "__file__", None)
    }
    _check_tree(tree, loaded)
    figures = {
        "tree": str(tree),
        "imported_from": str(where["newsroom"].parents[1]),
        "modules": len(loaded),
        "seconds": seconds,
        "added": report.added,
        "items": report.items,
        "near_duplicates": report.near_duplicates,
        "duplicates": report.duplicates,
        "rejected": len(report.rejected),
    }
    result.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def _check_tree(tree: Path, modules: dict[str, Path]) -> None:
    wrong = {name: path for name, path in modules.items() if not path.is_relative_to(tree)}
    if wrong:
        listed = ", ".join(f"{name} from {path}" for name, path in sorted(wrong.items())[:5])
        raise WrongTree(f"the run for {tree} imported code from another tree: {listed}")


# --- the harness ---------------------------------------------------------------------------


def order(repeat: int) -> list[str]:
    """The runs, alternating: baseline, current; then current, baseline; and so on."""
    pairs = [("baseline", "current"), ("current", "baseline")]
    return [label for i in range(repeat) for label in pairs[i % 2]]


def git(*args: str, cwd: Path = ROOT) -> str:
    """A git command in ``cwd``; its output, stripped. Fails loudly."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=600
    )
    if done.returncode:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


@contextmanager
def worktree(commit: str, folder: Path) -> Iterator[Path]:
    """A detached git worktree of ``commit`` at ``folder``, removed on the way out however
    that happens."""
    try:
        git("worktree", "add", "--detach", "--quiet", str(folder), commit)
        yield folder
    finally:
        remove_worktree(folder)


def remove_worktree(folder: Path) -> None:
    """Remove our worktree; if git cannot (say it was half made), delete the folder and let
    git forget the missing one."""
    done = subprocess.run(
        ["git", "worktree", "remove", "--force", str(folder)],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if done.returncode or folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True, check=False)


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into SystemExit, so the worktree and the child go on a kill too."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_child(
    label: str, tree: Path, corpus: Path, db_path: Path, expect: float | None = None
) -> dict[str, Any]:
    """One timed ingest of ``corpus`` with the code of ``tree``, in a child process of this
    Python; its figures. The child and its workers are ended if this is interrupted."""
    result = db_path.with_suffix(".json")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-P", str(Path(__file__).resolve()), CHILD_FLAG]
    command += [str(tree), str(corpus), str(db_path), str(result)]
    child = subprocess.Popen(command, cwd=tree, env=env, start_new_session=True)
    began = time.monotonic()
    try:
        while True:
            try:
                child.wait(timeout=TICK_SECONDS)
                break
            except subprocess.TimeoutExpired:
                so_far = f"{time.monotonic() - began:,.0f} s"
                hint = f" of about {expect:,.0f} s" if expect else ""
                progress(f"  {label}: {so_far}{hint}")
    finally:
        if child.poll() is None:  # interrupted: end the child's whole group (its pool too)
            with suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                child.wait()
    if child.returncode:
        raise SystemExit(f"The {label} ingest failed (exit {child.returncode}); see above.")
    figures = json.loads(result.read_text(encoding="utf-8"))
    if Path(figures["imported_from"]) != tree.resolve():
        raise WrongTree(f"the {label} run imported newsroom from {figures['imported_from']}")
    return figures


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this run's figures."""
    parts = ["python", "-m", "bench.compare_ingest", "--n", str(args.n)]
    if args.baseline != DEFAULT_BASELINE:
        parts += ["--baseline", args.baseline]
    if args.repeat != 1:
        parts += ["--repeat", str(args.repeat)]
    if args.mix_shared:
        parts.append("--mix-shared")
    return " ".join(parts)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from bench.corpus import SHARED_DATA

    parser = argparse.ArgumentParser(
        prog="python -m bench.compare_ingest", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--baseline",
        default=DEFAULT_BASELINE,
        help=f"the commit to compare with (default {DEFAULT_BASELINE}, before issue 9)",
    )
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="bulletins in the corpus")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="timed runs of each tree, alternating (2: baseline, current, current, baseline)",
    )
    parser.add_argument(
        "--mix-shared",
        action="store_true",
        help=f"mix in sentences from {SHARED_DATA} when it is present (as bench.run does)",
    )
    parser.add_argument("--out", type=Path, default=Path("bench/out"), help="results folder")
    parser.add_argument("--doc", action="store_true", help=f"write the figures into {DOC}")
    parser.add_argument("--doc-path", type=Path, default=DOC, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the corpus and databases")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Compare, print and save the figures; return them."""
    args = parse_args(argv)
    found = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{args.baseline}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode:
        raise SystemExit(f"--baseline {args.baseline}: no such commit in {ROOT}")
    commit = found.stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="wiredesk-compare-"))
    try:
        with _terminate_cleanly(), worktree(commit, work / "baseline-tree") as tree:
            progress(f"Baseline {commit[:7]} checked out in {tree}")
            results = _run(args, commit, tree, work)
    finally:
        if args.keep:
            progress(f"Corpus and databases kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"compare-ingest-{args.n}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print("\n".join(render(results)))
    if args.doc:
        update_doc(args.doc_path, results)
        print(f"\nWritten to {args.doc_path}")
    return results


def _run(args: argparse.Namespace, commit: str, tree: Path, work: Path) -> dict[str, Any]:
    from bench.corpus import SHARED_DATA, shared_sentences, write_jsonl
    from bench.measure import database_size, machine
    from bench.report import today

    began = time.perf_counter()
    shared = shared_sentences() if args.mix_shared else []
    if args.mix_shared and not shared:
        progress(f"--mix-shared: {SHARED_DATA} is absent; the corpus is synthetic only.")
    progress(f"Writing the corpus: {args.n:,} bulletins with {ROOT / 'bench/corpus.py'}")
    corpus = write_jsonl(work / f"corpus-{args.n}.jsonl", args.n, shared=shared)
    trees = {"baseline": tree, "current": ROOT}
    runs: list[dict[str, Any]] = []
    plan = order(args.repeat)
    for number, label in enumerate(plan, 1):
        db_path = work / f"{number}-{label}.db"
        earlier = [r["seconds"] for r in runs]
        expect = sum(earlier) / len(earlier) if earlier else None
        progress(f"Run {number} of {len(plan)}: {label} ({trees[label]})")
        figures = run_child(label, trees[label], corpus, db_path, expect)
        size = database_size(db_path, args.n)
        if not args.keep:  # four databases at a million would be some 12 GB
            for path in work.glob(db_path.name + "*"):
                path.unlink()
        runs.append(
            {
                "run": number,
                "label": label,
                **figures,
                "bulletins_per_s": args.n / figures["seconds"],
                "items_per_bulletin": figures["items"] / max(figures["added"], 1),
                "database": size,
            }
        )
        progress(
            f"  {figures['seconds']:,.1f} s, {args.n / figures['seconds']:,.0f} bulletins/s, "
            f"{figures['items']:,} items"
        )

    summary = {
        label: _summarise(args.n, [r for r in runs if r["label"] == label]) for label in trees
    }
    ratio = summary["current"]["bulletins_per_s"] / summary["baseline"]["bulletins_per_s"]
    dirty = git("status", "--porcelain", "--untracked-files=no").splitlines()
    return {
        "n": args.n,
        "command": command_line(args),
        "date": today(),
        "machine": machine(),
        "repeat": args.repeat,
        "corpus": {"seed": 7, "mixed_shared": bool(shared), "bytes": corpus.stat().st_size},
        "baseline": {
            "ref": args.baseline,
            "commit": commit,
            "subject": git("log", "-1", "--format=%s", commit),
            "tree": str(tree),
        },
        "current": {
            "commit": git("rev-parse", "HEAD"),
            "subject": git("log", "-1", "--format=%s", "HEAD"),
            "uncommitted_files": len(dirty),
            "tree": str(ROOT),
        },
        "runs": runs,
        "summary": summary,
        "ratio": ratio,
        "within_10_percent": ratio >= 1 - ALLOWED_SLOWDOWN,
        "elapsed_s": time.perf_counter() - began,
    }


def _summarise(n: int, runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = [r["seconds"] for r in runs]
    first = runs[0]
    return {
        "runs": len(runs),
        "seconds": sum(seconds) / len(seconds),
        "bulletins_per_s": n * len(runs) / sum(seconds),
        "fastest_bulletins_per_s": n / min(seconds),
        "added": first["added"],
        "items": first["items"],
        "items_per_bulletin": first["items_per_bulletin"],
        "items_agree_across_runs": len({r["items"] for r in runs}) == 1,
        "near_duplicates": first["near_duplicates"],
        "rejected": first["rejected"],
        "db_bytes": sum(r["database"]["total_bytes"] for r in runs) / len(runs),
        "bytes_per_bulletin": sum(r["database"]["bytes_per_bulletin"] for r in runs) / len(runs),
    }


# --- the figures as Markdown ---------------------------------------------------------------


def _heading(results: dict[str, Any]) -> str:
    base = results["baseline"]
    if base["ref"] == DEFAULT_BASELINE or base["commit"].startswith(DEFAULT_BASELINE):
        return "Ingest beside the code before issue 9"
    return f"Ingest beside commit {base['commit'][:7]}"


def render(results: dict[str, Any]) -> list[str]:
    """The comparison as Markdown: the headline, one table per tree, every run, the verdict."""
    from bench.report import show, table

    n, base, cur = results["n"], results["baseline"], results["current"]
    summary, runs = results["summary"], results["runs"]
    changes = cur["uncommitted_files"]
    current = f"{cur['commit'][:7]}" + (
        f" + uncommitted changes in {changes} file{'s' if changes != 1 else ''}" if changes else ""
    )
    elapsed = results["elapsed_s"]
    took = f"{elapsed:.0f} seconds" if elapsed < 120 else f"{elapsed / 60:.0f} minutes"
    lines = [
        f"**N = {n:,} bulletins**, one run of `{results['command']}` on {results['date']}, "
        f"{took}: this tree ({current}) beside `{base['commit'][:7]}` ({base['subject']}) "
        "checked out in a git worktree, both ingesting the same corpus file.",
    ]
    if n < TARGET_N:
        lines += [
            "",
            f"Issue 9 asks for N = {TARGET_N:,} or more; at N = {n:,} this is a guide only.",
        ]
    lines += [""]
    columns = [f"before: `{base['commit'][:7]}`", f"current: `{current}`"]
    rows: list[tuple[str, Any]] = [
        ("timed runs", lambda s: str(s["runs"])),
        ("seconds (mean)", lambda s: f"{s['seconds']:,.1f}"),
        ("bulletins/s (all runs)", lambda s: show(s["bulletins_per_s"], "per_s")),
        ("bulletins/s (fastest run)", lambda s: show(s["fastest_bulletins_per_s"], "per_s")),
        ("bulletins stored", lambda s: f"{s['added']:,}"),
        ("items", lambda s: f"{s['items']:,}"),
        ("items per bulletin", lambda s: f"{s['items_per_bulletin']:.2f}"),
        ("linked as re-publications", lambda s: f"{s['near_duplicates']:,}"),
        ("database (file + wal)", lambda s: show(s["db_bytes"], "bytes")),
        ("database per bulletin", lambda s: show(s["bytes_per_bulletin"], "bytes")),
    ]
    lines += table(
        ["figure", *columns],
        [[name, cell(summary["baseline"]), cell(summary["current"])] for name, cell in rows],
        right={1, 2},
    )
    ratio = results["ratio"]
    slower = f"{1 - ratio:.1%} slower" if ratio < 1 else f"{ratio - 1:.1%} faster"
    verdict = "yes" if results["within_10_percent"] else "**no**"
    lines += [
        "",
        f"Current ÷ before (bulletins/s over all runs): {ratio:.1%} ({slower}). "
        f"Within 10%: {verdict}.",
        "",
        "Runs, in order:",
        "",
    ]
    lines += table(
        ["run", "tree", "code imported from", "seconds", "bulletins/s", "items/bulletin"],
        [
            [
                str(r["run"]),
                r["label"],
                f"`{r['imported_from']}`",
                f"{r['seconds']:,.1f}",
                show(r["bulletins_per_s"], "per_s"),
                f"{r['items_per_bulletin']:.2f}",
            ]
            for r in runs
        ],
        right={3, 4, 5},
    )
    if not all(s["items_agree_across_runs"] for s in summary.values()):
        lines += ["", "**The item counts differ between runs of the same tree.**"]
    return lines


def doc_section(results: dict[str, Any]) -> str:
    """The compare section of docs/benchmarks.md, between its own markers."""
    m = results["machine"]
    lines = [BEGIN, "", f"## {_heading(results)}", ""]
    lines += render(results)
    lines += [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), "
        f"Python {m['python']}, SQLite {m['sqlite']}.",
        "",
        "How it is measured (`bench/compare_ingest.py`): a detached git worktree of the earlier "
        "commit in a temporary folder beside this working tree; one corpus written by this "
        "tree's `bench/corpus.py` (seed 7"
        + (", with sentences from ../shared/data" if results["corpus"]["mixed_shared"] else "")
        + "); each tree ingests that file into a fresh database in a child process of the same "
        "Python with `PYTHONPATH` set to the tree (the child checks that `newsroom` and `store` "
        "come from it). The timing is `bench.run`'s real-path ingest figure: wall-clock seconds "
        'of `newsroom.ingest.ingest(db, corpus, report, fmt="jsonl")` on an opened database. '
        "Runs alternate (baseline, current, then current, baseline) so caches and other load "
        "fall on both. *Items per bulletin* is items stored ÷ bulletins stored: the analysis "
        "may split bulletins differently. Reproduce with "
        f"`.venv/bin/{results['command']} --doc`.",
        "",
        END,
    ]
    return "\n".join(lines)


def update_doc(path: Path, results: dict[str, Any]) -> None:
    """Write the comparison into ``path``: replace its own section, else add it at the end;
    everything else, bench.run's section included, is kept as it is."""
    section = doc_section(results)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == [CHILD_FLAG]:
        try:
            sys.exit(child_main(sys.argv[2:]))
        except WrongTree as error:
            sys.exit(f"compare_ingest: {error}")
    main()
