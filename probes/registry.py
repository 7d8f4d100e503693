"""The probes a visit is judged by, and the one way to run them.

A probe is a module with ``META`` (``id``, ``title``, ``description``,
``version``, ``requires``) and a pure ``run(visit) -> dict``. The value dict may
carry an ``evidence`` list, which is stored apart from the value. A probe that
raises becomes an ``error`` finding; the other probes still run (Lighthouse's
rule: one broken audit never sinks the report).
"""

from __future__ import annotations

import importlib
import traceback
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from probes.artifacts import VisitArtifacts

# Order matters: later probes may read earlier findings through ``visit``-level helpers.
PROBE_MODULES: tuple[str, ...] = (
    "probes.vendor",
    "probes.access",
    "probes.hours",
    "probes.findability",
    "probes.persistence",
)


@dataclass(frozen=True)
class ProbeResult:
    probe: str
    version: str
    outcome: str  # ok | not_applicable | error
    value: dict[str, Any]
    evidence: list[Any] = field(default_factory=list)


def load_probes(names: tuple[str, ...] = PROBE_MODULES) -> list[ModuleType]:
    modules = [importlib.import_module(name) for name in names]
    for module in modules:
        meta = getattr(module, "META", None)
        if (
            not isinstance(meta, dict)
            or "id" not in meta
            or not callable(getattr(module, "run", None))
        ):
            raise TypeError(f"{module.__name__} is not a probe: it needs META['id'] and run()")
    return modules


# Visits that saw no page at all leave nothing to judge; a timeout keeps what it saw.
NOTHING_SEEN = ("unreachable", "http_error", "blocked_robots", "error")


def run_probe(module: ModuleType, visit: VisitArtifacts) -> ProbeResult:
    meta = module.META
    version = str(meta.get("version", "1"))
    if visit.status in NOTHING_SEEN:
        reason = f"the visit ended {visit.status}" + (f": {visit.error}" if visit.error else "")
        return ProbeResult(meta["id"], version, "not_applicable", {"reason": reason}, [])
    try:
        value = dict(module.run(visit))
    except Exception as exc:  # noqa: BLE001 - a probe bug must not lose the visit
        return ProbeResult(
            meta["id"],
            version,
            "error",
            {"error": f"{type(exc).__name__}: {exc}"[:500]},
            [traceback.format_exc(limit=3)[-2000:]],
        )
    evidence = value.pop("evidence", [])
    outcome = str(value.pop("outcome", "ok"))
    return ProbeResult(meta["id"], version, outcome, value, list(evidence))


def run_all(visit: VisitArtifacts, modules: list[ModuleType] | None = None) -> list[ProbeResult]:
    return [run_probe(module, visit) for module in (modules or load_probes())]
