from __future__ import annotations

import shutil
import subprocess
from types import SimpleNamespace

import pytest

from crawler.collectors.dom import GlobalSpec, snapshot_script
from crawler.journey import catalogue_globals, catalogue_selectors
from probes.artifacts import PageCapture, Timings, VisitArtifacts
from probes.registry import load_probes, run_all, run_probe


def visit(status: str = "ok") -> VisitArtifacts:
    page = PageCapture(
        role="home",
        profile="desktop",
        requested_url="https://a.ee/",
        timings=Timings(started_at="2026-11-23T00:00:00Z"),
    )
    return VisitArtifacts(
        tool_version="t",
        campaign="c",
        shop="https://a.ee",
        start_url="https://a.ee/",
        started_at="2026-11-23T00:00:00Z",
        status=status,
        pages=[page],
    )  # type: ignore[arg-type]


def test_every_registered_probe_runs_on_an_empty_visit() -> None:
    results = run_all(visit())
    assert [r.probe for r in results] == [m.META["id"] for m in load_probes()]
    assert all(r.outcome in ("ok", "not_applicable") for r in results)


@pytest.mark.parametrize("status", ["unreachable", "http_error", "blocked_robots", "error"])
def test_failed_visits_are_not_applicable(status: str) -> None:
    for result in run_all(visit(status)):
        assert result.outcome == "not_applicable" and status in result.value["reason"]


def test_a_crashing_probe_becomes_an_error_finding() -> None:
    def boom(_visit: VisitArtifacts) -> dict[str, object]:
        raise KeyError("missing")

    broken = SimpleNamespace(META={"id": "broken", "version": "2"}, run=boom, __name__="broken")
    result = run_probe(broken, visit())  # type: ignore[arg-type]
    assert (result.probe, result.version, result.outcome) == ("broken", "2", "error")
    assert "KeyError" in result.value["error"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_snapshot_script_with_the_whole_catalogue_is_valid_js(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One bad 'loaded' expression would break every page snapshot: compile them all."""
    script = tmp_path / "snapshot.js"
    script.write_text(snapshot_script(catalogue_selectors(), catalogue_globals()), encoding="utf-8")
    subprocess.run(["node", "--check", str(script)], check=True)
    broken = tmp_path / "broken.js"
    broken.write_text(snapshot_script([], [GlobalSpec("x", "a ===")]), encoding="utf-8")
    assert subprocess.run(["node", "--check", str(broken)], capture_output=True).returncode != 0
