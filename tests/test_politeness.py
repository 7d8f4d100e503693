from __future__ import annotations

import asyncio
import time

from crawler.politeness import HostPacer, judge_robots


def test_robots_disallow_for_everyone() -> None:
    verdict = judge_robots("https://a.ee/", "ua", 200, "User-agent: *\nDisallow: /\n")
    assert not verdict.allowed and "disallows /" in (verdict.reason or "")


def test_robots_group_for_chatshopper_wins() -> None:
    body = "User-agent: chatshopper\nAllow: /\nCrawl-delay: 4\n\nUser-agent: *\nDisallow: /\n"
    verdict = judge_robots("https://a.ee/tooted", "ua", 200, body)
    assert verdict.allowed and verdict.record.crawl_delay == 4.0


def test_robots_4xx_allows_5xx_forbids_unreachable_allows() -> None:
    assert judge_robots("https://a.ee/", "ua", 404, "").allowed
    assert not judge_robots("https://a.ee/", "ua", 503, "").allowed
    assert not judge_robots("https://a.ee/", "ua", 500, "").allowed
    gateway = judge_robots("https://a.ee/", "ua", 502, "")
    assert gateway.allowed and "gateway" in (gateway.record.error or "")
    verdict = judge_robots(
        "https://a.ee/", "ua", None, "", fetch_error="net::ERR_NAME_NOT_RESOLVED"
    )
    assert verdict.allowed and verdict.record.error


def test_pacer_spaces_one_host_not_two() -> None:
    async def scenario() -> tuple[float, float]:
        pacer = HostPacer(0.3)
        start = time.monotonic()
        await pacer.wait("https://a.ee/1")
        await pacer.wait("https://b.ee/1")
        other_host = time.monotonic() - start
        await pacer.wait("https://a.ee/2")
        same_host = time.monotonic() - start
        return other_host, same_host

    other_host, same_host = asyncio.run(scenario())
    assert other_host < 0.2
    assert same_host >= 0.29


def test_crawl_delay_raises_the_pause_but_is_capped() -> None:
    pacer = HostPacer(0.1)
    pacer.set_crawl_delay("https://a.ee/", 3600)
    assert pacer._delays["a.ee"] == 30.0
