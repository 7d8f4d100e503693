"""End to end, the runner's resilience: kill, Ctrl-C, a dead browser, bad lists, PostgreSQL.

Each test runs its own small campaign through the real CLI, so this module runs
beside the two big crawls (``test_crawl_e2e``, ``test_chat_e2e``) on its own worker.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo import DEMO_SHOPS_CSV, FakeWeb
from crawler.shoplist import read_shop_list
from probes.artifacts import VISIT_STATUSES
from probes.registry import PROBE_MODULES
from tests.e2e_support import CLI, crawl_args, run, visits

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def fake_web() -> Iterator[FakeWeb]:
    with FakeWeb() as web:
        yield web


def _wait_for_done(
    db: Path, campaign: str, count: int, proc: subprocess.Popen[str], limit: float
) -> int:
    deadline = time.monotonic() + limit
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                done = sum(1 for r in visits(db, campaign) if r["state"] == "done")
            except sqlite3.OperationalError:  # tables not there yet
                done = 0
            if done >= count:
                return done
        time.sleep(0.2)
    return done


def small_list(tmp: Path, count: int) -> Path:
    """The first ``count`` demo shops: enough to kill a crawl in the middle of."""
    header, *rows = DEMO_SHOPS_CSV.read_text(encoding="utf-8").splitlines()
    calm = [row for row in rows if "hostile" not in row]  # the 50k-node page is slow
    path = tmp / "small.csv"
    path.write_text("\n".join([header, *calm[:count]]) + "\n", encoding="utf-8")
    return path


FAST = ("--no-mobile", "--concurrency", "2", "--settle", "0.3")


def kill_browser_processes(marker: str) -> int:
    """SIGKILL the Chromium processes launched with ``marker``, not the crawler itself."""
    killed = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline and "--browser-arg" not in cmdline:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
    return killed


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a kill reaches Chromium too
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_sigkill_midway_then_rerun_counts_every_shop_once(
    fake_web: FakeWeb, tmp_path: Path
) -> None:
    shops = small_list(tmp_path, 5)
    args = crawl_args(fake_web, shops, "killed", tmp_path, *FAST)
    proc = _start(args)
    done = _wait_for_done(tmp_path / "chatshopper.db", "killed", 2, proc, 240)
    assert proc.poll() is None, "the crawl finished before it could be killed"
    assert done >= 2
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    finished = {
        r["origin"]: r["finished_at"]
        for r in visits(tmp_path / "chatshopper.db", "killed")
        if r["state"] == "done"
    }
    assert len(finished) >= 2
    result = run(args)
    assert result.returncode == 0, result.stderr
    rows = visits(tmp_path / "chatshopper.db", "killed")
    origins = [r["origin"] for r in rows]
    assert len(origins) == len(set(origins)) == len(read_shop_list(shops).shops)
    assert all(r["state"] == "done" and r["status"] in VISIT_STATUSES for r in rows)
    for row in rows:  # what was finished before the kill was not redone
        if row["origin"] in finished:
            assert row["finished_at"] == finished[row["origin"]]


def test_ctrl_c_stops_cleanly_and_resumes(fake_web: FakeWeb, tmp_path: Path) -> None:
    args = crawl_args(fake_web, small_list(tmp_path, 4), "interrupted", tmp_path, *FAST)
    proc = _start(args)
    _wait_for_done(tmp_path / "chatshopper.db", "interrupted", 1, proc, 240)
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=90)
    assert proc.returncode == 130, stderr
    assert "resume" in stderr
    rows = visits(tmp_path / "chatshopper.db", "interrupted")
    assert not any(r["state"] == "running" for r in rows), "in-flight visits go back to pending"
    result = run(args)
    assert result.returncode == 0, result.stderr
    assert all(r["state"] == "done" for r in visits(tmp_path / "chatshopper.db", "interrupted"))


def test_a_dead_browser_is_relaunched(fake_web: FakeWeb, tmp_path: Path) -> None:
    marker = f"chatshopper-test-{os.getpid()}-{time.monotonic_ns()}"
    args = crawl_args(
        fake_web, small_list(tmp_path, 4), "relaunch", tmp_path, *FAST, f"--browser-arg=--{marker}"
    )
    proc = _start(args)
    _wait_for_done(tmp_path / "chatshopper.db", "relaunch", 1, proc, 240)
    assert proc.poll() is None
    killed = kill_browser_processes(marker)
    assert killed, "no Chromium process carried the marker flag"
    stdout, stderr = proc.communicate(timeout=400)
    assert proc.returncode == 0, stderr
    assert "browser restarts: 1" in stdout or "browser restarts: 2" in stdout, stdout
    rows = visits(tmp_path / "chatshopper.db", "relaunch")
    assert all(r["state"] == "done" for r in rows)
    assert sum(r["status"] == "ok" for r in rows) >= len(rows) - 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,country\nKodu,EE\n", "url"),
        ("url\n\n", "no"),
    ],
)
def test_bad_shop_lists_exit_2_and_write_nothing(
    tmp_path: Path, content: str, message: str
) -> None:
    shops = tmp_path / "shops.csv"
    shops.write_text(content, encoding="utf-8")
    result = run(
        [
            CLI,
            "crawl",
            str(shops),
            "--campaign",
            "x",
            "--db",
            str(tmp_path / "x.db"),
            "--evidence",
            str(tmp_path / "ev"),
        ]
    )
    assert result.returncode == 2
    assert message in result.stderr.lower()
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "ev").exists()


def test_bad_rows_are_named_by_line(fake_web: FakeWeb, tmp_path: Path) -> None:
    shops = tmp_path / "shops.csv"
    good = read_shop_list(DEMO_SHOPS_CSV).shops[0].url
    shops.write_text(
        f"url,name\n{good},Good\nftp://files.ee,Bad\n127.0.0.1,Local\n", encoding="utf-8"
    )
    result = run(crawl_args(fake_web, shops, "lines", tmp_path, "--no-mobile"))
    assert result.returncode == 0, result.stderr
    assert f"{shops}:3" in result.stderr and f"{shops}:4" in result.stderr
    assert len(visits(tmp_path / "chatshopper.db", "lines")) == 1


@pytest.mark.postgres
def test_crawl_into_postgresql(fake_web: FakeWeb, tmp_path: Path, postgres_db) -> None:  # type: ignore[no-untyped-def]
    """The same crawl, resumable, with PostgreSQL as the store (what the distributed mode uses)."""
    args = crawl_args(fake_web, small_list(tmp_path, 2), "pg", tmp_path, *FAST)
    args[args.index("--db") + 1] = postgres_db.url
    result = run(args)
    assert result.returncode == 0, result.stderr
    campaign = postgres_db.require_campaign("pg")
    assert postgres_db.status_counts(campaign.id) == {"ok": 2}
    again = run(args)
    assert again.returncode == 0 and "visited 0 shop(s)" in again.stdout
    probes = sorted(f.probe for _, f in postgres_db.findings(campaign.id))
    every = sorted(name.rsplit(".", 1)[1] for name in PROBE_MODULES)
    assert probes == sorted(every * 2)
