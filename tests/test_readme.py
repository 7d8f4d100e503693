"""The README's CLI reference is generated; it must match the commands."""

from __future__ import annotations

from crawler.clidoc import README, readme_section, reference


def test_cli_reference_is_current() -> None:
    assert readme_section(README.read_text(encoding="utf-8")) == reference(), (
        "README.md's CLI reference is stale: run `.venv/bin/python -m crawler.clidoc --write`"
    )


def test_every_command_has_help_text() -> None:
    text = reference()
    for command in (
        "crawl",
        "export",
        "probe",
        "campaigns",
        "demo",
        "browser",
        "db upgrade",
        "score",
        "diff",
        "report benchmark",
        "report audit",
        "report ranking",
    ):
        assert f"`chatshopper {command}`" in text
    assert "[OPTIONS]" in text
