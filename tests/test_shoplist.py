"""Tests for crawler.shoplist: URL normalisation, the private-host guard, CSV reading."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.shoplist import (
    BadRow,
    ShopList,
    ShopListError,
    ShopRow,
    check_resolved_addresses,
    normalise_origin,
    normalise_url,
    private_reason,
    read_shop_list,
    shop_slug,
)

# ------------------------------------------------------------------ helpers


def write(tmp_path: Path, text: str, *, name: str = "shops.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    data = text.encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def read(tmp_path: Path, text: str, **kwargs: bool) -> ShopList:
    return read_shop_list(write(tmp_path, text), **kwargs)


def one_bad(tmp_path: Path, row: str, header: str = "url,name,country") -> BadRow:
    """Read a file with one good row and ``row`` on line 3; return its BadRow."""
    result = read(tmp_path, f"{header}\ngood.ee,Good,EE\n{row}\n")
    assert [s.origin for s in result.shops] == ["https://good.ee"]
    assert len(result.bad_rows) == 1, result.bad_rows
    bad = result.bad_rows[0]
    assert bad.line == 3
    return bad


# ------------------------------------------------------------ normalisation

NORMALISE_CASES = [
    # (raw, start URL, origin)
    ("kodukaup.ee", "https://kodukaup.ee/", "https://kodukaup.ee"),
    ("  kodukaup.ee  ", "https://kodukaup.ee/", "https://kodukaup.ee"),
    ("www.example.ee", "https://www.example.ee/", "https://www.example.ee"),
    ("HTTPS://WWW.Example.EE", "https://www.example.ee/", "https://www.example.ee"),
    ("http://example.ee", "http://example.ee/", "http://example.ee"),
    ("https://example.com/fi/", "https://example.com/fi/", "https://example.com"),
    ("example.com/fi", "https://example.com/fi", "https://example.com"),
    ("https://example.com:443/fi/#top", "https://example.com/fi/", "https://example.com"),
    ("http://example.com:80/", "http://example.com/", "http://example.com"),
    ("https://example.com:8443", "https://example.com:8443/", "https://example.com:8443"),
    ("example.com:08443", "https://example.com:8443/", "https://example.com:8443"),
    ("http://example.com:443/", "http://example.com:443/", "http://example.com:443"),
    ("https://example.com./", "https://example.com/", "https://example.com"),
    ("https://example.com:", "https://example.com/", "https://example.com"),
    ("//example.com/x", "https://example.com/x", "https://example.com"),
    ("example.com?lang=fi", "https://example.com/?lang=fi", "https://example.com"),
    ("https://example.com/a?b=c#d", "https://example.com/a?b=c", "https://example.com"),
    ("https://example.com/%C3%B6", "https://example.com/%C3%B6", "https://example.com"),
    ("https://example.com/söö", "https://example.com/s%C3%B6%C3%B6", "https://example.com"),
    ("käsitöö.ee", "https://xn--ksit-loa5ia.ee/", "https://xn--ksit-loa5ia.ee"),
    ("https://KÄSITÖÖ.ee/", "https://xn--ksit-loa5ia.ee/", "https://xn--ksit-loa5ia.ee"),
    ("https://xn--ksit-loa5ia.ee/", "https://xn--ksit-loa5ia.ee/", "https://xn--ksit-loa5ia.ee"),
    ("https://ｅｘａｍｐｌｅ．ｃｏｍ/", "https://example.com/", "https://example.com"),
    (
        "https://sub_domain.example.com/",
        "https://sub_domain.example.com/",
        "https://sub_domain.example.com",
    ),
    ("https://93.184.216.34/", "https://93.184.216.34/", "https://93.184.216.34"),
    ("https://[2001:DB8::1]:443/", "https://[2001:db8::1]/", "https://[2001:db8::1]"),
    ("http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:7f00:1]"),
    # Browsers read these as IPv4 addresses; the origin is the dotted form.
    ("http://2130706433/", "http://127.0.0.1/", "http://127.0.0.1"),
    ("http://0x7f.1/", "http://127.0.0.1/", "http://127.0.0.1"),
    ("http://0177.0.0.1/", "http://127.0.0.1/", "http://127.0.0.1"),
    ("http://127.1/", "http://127.0.0.1/", "http://127.0.0.1"),
    ("localhost:3000", "https://localhost:3000/", "https://localhost:3000"),
]


@pytest.mark.parametrize(("raw", "url", "origin"), NORMALISE_CASES)
def test_normalise(raw: str, url: str, origin: str) -> None:
    assert normalise_url(raw) == url
    assert normalise_origin(raw) == origin
    # Normalising is idempotent.
    assert normalise_url(url) == url
    assert normalise_origin(origin) == origin


def test_www_is_not_stripped() -> None:
    assert normalise_origin("www.example.ee") != normalise_origin("example.ee")


INVALID_URLS = [
    # (raw, words the reason must contain)
    ("", "empty url"),
    ("   ", "empty url"),
    ("kodu kaup.ee", "host contains spaces"),
    ("kodukaup.ee Kodukaup", "host contains spaces"),
    ("https://example.com/a b", "contains spaces"),
    ("https://exa\x00mple.com/", "control characters"),
    ("https://example.com/\nnext.ee", "line break"),
    ("kodukaup", "has no dot"),
    ("https://intranet/", "has no dot"),
    ("https://exa<mple.com/", "invalid character '<'"),
    ("https://exa!mple.com/", "invalid character '!'"),
    ("https://%6cocalhost/", "invalid character '%'"),
    ("https:\\\\example.com", "invalid character '\\'"),
    ("https://a..example.com/", "empty label"),
    ("https://example.c_m/", "top-level domain"),
    ("https://" + "a" * 64 + ".com/", "longer than 63"),
    ("https://" + ("a" * 60 + ".") * 5 + "com/", "host too long"),
    ("https://example.com/" + "x" * 2100, "too long"),
    ("https://xn--zz.ee/", "punycode"),
    ("https://ä..ee/", "internationalised domain name"),
    ("https://example.123/", "invalid IPv4"),
    ("http://1.2.3.4.5/", "invalid IPv4"),
    ("http://256.1.1.1/", "invalid IPv4"),
    ("https://[::1/", "unclosed"),
    ("https://[::zz]/", "invalid IPv6"),
    ("https://[fe80::1%25eth0]/", "zone"),
    ("https://::1/", "brackets"),
    ("example.com:abc", "invalid port 'abc'"),
    ("example.com:0", "invalid port"),
    ("example.com:65536", "invalid port"),
    ("https://user:pw@example.com/", "user name or password"),
    ("https://example.com@10.0.0.1/", "user name or password"),
    ("https:/example.com", "expected '//'"),
    ("https://", "no host"),
    ("ftp://example.com/", "unsupported scheme 'ftp:'"),
    ("mailto:shop@example.com", "unsupported scheme 'mailto:'"),
    ("javascript:alert(1)", "unsupported scheme 'javascript:'"),
    ("javascript:1", "unsupported scheme 'javascript:'"),
    ("file:///etc/passwd", "unsupported scheme 'file:'"),
    ("data:text/html,hi", "unsupported scheme 'data:'"),
    ("ws://example.com/", "unsupported scheme 'ws:'"),
]


@pytest.mark.parametrize(("raw", "reason"), INVALID_URLS)
def test_invalid_urls(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=None) as info:
        normalise_url(raw)
    assert reason in str(info.value)


# ------------------------------------------------------------ private hosts

PRIVATE_HOSTS = [
    ("127.0.0.1", "loopback"),
    ("127.9.9.9", "loopback"),
    ("2130706433", "loopback"),
    ("0x7f.1", "loopback"),
    ("0177.0.0.1", "loopback"),
    ("0x7f000001", "loopback"),
    ("::1", "loopback"),
    ("[::1]", "loopback"),
    ("0.0.0.0", "unspecified"),
    ("0", "unspecified"),
    ("::", "unspecified"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.1", "private"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("fec0::1", "site-local"),
    ("100.64.0.1", "carrier-grade NAT"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("255.255.255.255", "broadcast"),
    ("240.0.0.1", "reserved"),
    ("192.0.2.10", "reserved"),
    ("2001:db8::1", "reserved"),
    ("::ffff:127.0.0.1", "loopback address 127.0.0.1"),
    ("[::ffff:7f00:1]", "loopback address 127.0.0.1"),
    ("::ffff:10.1.1.1", "private address 10.1.1.1"),
    ("2002:7f00:1::", "loopback address 127.0.0.1"),
    ("64:ff9b::a9fe:a9fe", "link-local address 169.254.169.254"),
    ("localhost", "localhost"),
    ("LOCALHOST.", "localhost"),
    ("ｌｏｃａｌｈｏｓｔ", "localhost"),
    ("shop.localhost", "*.localhost"),
    ("printer.local", "*.local"),
    ("metadata.google.internal", "*.internal"),
    ("router.home.arpa", "*.home.arpa"),
    ("localhost.localdomain", "localdomain"),
    ("1.2.3.4.5", "not a valid host"),
    ("not:an:address", "not a valid host"),
]


@pytest.mark.parametrize(("host", "reason"), PRIVATE_HOSTS)
def test_private_reason(host: str, reason: str) -> None:
    result = private_reason(host)
    assert result is not None and reason in result


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "www.example.ee",
        "93.184.216.34",
        "8.8.8.8",
        "[2606:4700::1]",
        "2606:4700::1",
        "local.example.com",
        "localhost.example.com",
        "xn--ksit-loa5ia.ee",
        "internal.example.com",
    ],
)
def test_public_hosts(host: str) -> None:
    assert private_reason(host) is None


def test_private_reason_does_no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("private_reason must not resolve names")

    monkeypatch.setattr(socket, "getaddrinfo", boom)
    monkeypatch.setattr(socket, "gethostbyname", boom)
    assert private_reason("shop.example.com") is None


def test_reading_does_no_dns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("reading the list must not resolve names")

    monkeypatch.setattr(socket, "getaddrinfo", boom)
    result = read(tmp_path, "url\nshop.example.com\n")
    assert [s.origin for s in result.shops] == ["https://shop.example.com"]


def fake_resolver(
    answers: dict[str, list[str]], calls: list[str] | None = None
) -> Callable[..., list[tuple[object, ...]]]:
    """A getaddrinfo stand-in answering from ``answers`` and recording the names asked."""

    def resolve(host: str, port: object, *args: object) -> list[tuple[object, ...]]:
        if calls is not None:
            calls.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0))
            for a in answers[host]
        ]

    return resolve


def test_check_resolved_public() -> None:
    resolver = fake_resolver({"shop.example.com": ["93.184.216.34", "2606:2800:220:1::1"]})
    assert check_resolved_addresses("shop.example.com", resolver=resolver) is None


@pytest.mark.parametrize(
    ("addresses", "reason"),
    [
        (["127.0.0.1"], "loopback"),
        (["93.184.216.34", "10.0.0.5"], "private address 10.0.0.5"),
        (["fe80::1%eth0"], "link-local"),
        (["::ffff:192.168.0.1"], "private address 192.168.0.1"),
    ],
)
def test_check_resolved_private(addresses: list[str], reason: str) -> None:
    resolver = fake_resolver({"rebind.example.com": addresses})
    result = check_resolved_addresses("rebind.example.com", resolver=resolver)
    assert result is not None and reason in result and "rebind.example.com" in result


def test_check_resolved_unresolvable_is_left_to_the_visit() -> None:
    assert check_resolved_addresses("nx.example.com", resolver=fake_resolver({})) is None


def test_check_resolved_literals_and_local_names_skip_dns() -> None:
    calls: list[str] = []
    resolver = fake_resolver({}, calls)
    assert "loopback" in (check_resolved_addresses("[::1]", resolver=resolver) or "")
    assert "localhost" in (check_resolved_addresses("localhost", resolver=resolver) or "")
    assert check_resolved_addresses("93.184.216.34", resolver=resolver) is None
    assert calls == []


def test_check_resolved_idn_is_resolved_as_punycode() -> None:
    calls: list[str] = []
    resolver = fake_resolver({"xn--ksit-loa5ia.ee": ["93.184.216.34"]}, calls)
    assert check_resolved_addresses("käsitöö.ee", resolver=resolver) is None
    assert calls == ["xn--ksit-loa5ia.ee"]


# -------------------------------------------------------------------- slugs

SLUG_CASES = [
    ("https://www.example.ee", "www.example.ee"),
    ("https://www.example.ee:8443", "www.example.ee_8443"),
    ("http://www.example.ee", "www.example.ee_http"),
    ("http://www.example.ee:8080", "www.example.ee_8080_http"),
    ("https://www.example.ee/fi/?x=1", "www.example.ee"),
    ("käsitöö.ee", "xn--ksit-loa5ia.ee"),
    ("http://127.0.0.1:8000", "127.0.0.1_8000_http"),
    ("https://[::1]", "ipv6_--1"),
    ("https://[2001:db8::1]:8443", "ipv6_2001-db8--1_8443"),
]


@pytest.mark.parametrize(("origin", "slug"), SLUG_CASES)
def test_shop_slug(origin: str, slug: str) -> None:
    assert shop_slug(origin) == slug


SLUG_INPUTS = [raw for raw, _, _ in NORMALISE_CASES] + [
    "https://" + ".".join(["a" * 63] * 3) + ".com:65535",
    "http://" + ".".join(["b" * 63] * 3) + ".com",
    "https://a.ee:8443",
    "https://a.ee",
    "http://a.ee",
    "http://a.ee:8443",
    "https://[::ffff:7f00:1]",
    "https://-.example.com",
    "https://_.example.com",
]


def test_shop_slug_is_safe_and_distinct() -> None:
    origins = {normalise_origin(raw) for raw in SLUG_INPUTS}
    slugs = {origin: shop_slug(origin) for origin in origins}
    for slug in slugs.values():
        assert slug and len(slug) <= 200
        assert "/" not in slug and "\\" not in slug and ":" not in slug
        assert ".." not in slug and not slug.startswith(".")
        assert slug.isascii() and slug.isprintable() and slug.strip() == slug
    assert len(set(slugs.values())) == len(slugs), "two origins share an evidence folder"


@pytest.mark.parametrize("bad", ["../../etc", "https://../", "..", "/etc/passwd", "https://a/b"])
def test_shop_slug_refuses_non_origins(bad: str) -> None:
    with pytest.raises(ValueError):
        shop_slug(bad)


# ------------------------------------------------------------- reading files


def test_read_full_columns_and_extra(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        "url,name,country,category,tags,Segment,notes\n"
        "https://www.Kodukaup.ee/et/,Kodukaup,ee,Home,garden;kids|sale,SMB,first\n"
        "example.fi,Example, FI ,,,,\n",
    )
    assert result.bad_rows == [] and result.merged == []
    first, second = result.shops
    assert first == ShopRow(
        origin="https://www.kodukaup.ee",
        url="https://www.kodukaup.ee/et/",
        name="Kodukaup",
        country="EE",
        category="Home",
        tags=("garden", "kids", "sale"),
        line=2,
        extra={"Segment": "SMB", "notes": "first"},
    )
    assert second.country == "FI" and second.tags == () and second.line == 3
    assert second.extra == {"Segment": "", "notes": ""}
    hash(first)  # usable in sets despite the dict field


def test_only_url_column(tmp_path: Path) -> None:
    result = read(tmp_path, "url\nkodukaup.ee\nhttps://example.com/a,b;c\n")
    assert [s.url for s in result.shops] == ["https://kodukaup.ee/", "https://example.com/a,b;c"]
    assert result.shops[0].name == "" and result.shops[0].extra == {}


def test_header_case_and_whitespace(tmp_path: Path) -> None:
    result = read(tmp_path, " URL ; Name ;COUNTRY\nkodukaup.ee;Kodukaup;EE\n")
    assert result.shops[0].name == "Kodukaup" and result.shops[0].country == "EE"


@pytest.mark.parametrize(
    ("delimiter", "tags_cell", "tags"),
    [
        (",", '"a;b|c"', ("a", "b", "c")),
        (",", '"a,b"', ("a,b",)),  # ',' is the delimiter, so not a tag separator
        (";", "a,b|c", ("a", "b", "c")),
        (";", '"a;b"', ("a", "b")),
        ("\t", "a,b;c", ("a", "b", "c")),
    ],
)
def test_delimiters_and_tags(tmp_path: Path, delimiter: str, tags_cell: str, tags: tuple) -> None:
    header = delimiter.join(["url", "name", "tags", "country"])
    row = delimiter.join(["kodukaup.ee", '"Kodu, kaup"', tags_cell, "EE"])
    other = delimiter.join(["example.fi", "Example", "", "FI"])
    result = read(tmp_path, f"{header}\n{row}\n{other}\n")
    assert result.bad_rows == []
    assert result.shops[0].name == "Kodu, kaup"
    assert result.shops[0].tags == tags
    assert result.shops[1].country == "FI"


def test_semicolon_file_with_commas_everywhere(tmp_path: Path) -> None:
    # Commas in every cell: the delimiter must still come out as ';'.
    text = "url;name;tags\na.ee;A, B and C;x,y,z\nb.ee;D, E;x,y\nc.ee;F, G, H;x,y,z,w\n"
    result = read(tmp_path, text)
    assert result.bad_rows == []
    assert [s.name for s in result.shops] == ["A, B and C", "D, E", "F, G, H"]
    assert result.shops[2].tags == ("x", "y", "z", "w")


def test_excel_sep_line(tmp_path: Path) -> None:
    result = read(tmp_path, "sep=;\nurl;name\nkodukaup.ee;Kodu,kaup\nbad;x\n")
    assert result.shops[0].name == "Kodu,kaup"
    assert result.bad_rows[0].line == 4


def test_crlf_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "url;name\r\nkäsitöö.ee;Käsitöö\r\nbad\r\n", bom=True)
    result = read_shop_list(path)
    assert result.shops[0].origin == "https://xn--ksit-loa5ia.ee"
    assert result.shops[0].name == "Käsitöö"
    assert result.bad_rows == [BadRow(3, "bad", "not a URL: host 'bad' has no dot")]


def test_bom_without_other_columns(tmp_path: Path) -> None:
    # The BOM must not end up in the header name ("\ufeffurl" != "url").
    result = read_shop_list(write(tmp_path, "url\nkodukaup.ee\n", bom=True))
    assert len(result.shops) == 1


def test_physical_line_numbers(tmp_path: Path) -> None:
    text = (
        "\n"  # line 1: blank before the header
        "url,name\n"  # line 2: header
        'a.ee,"Two\nlines"\n'  # lines 3-4: one record
        "\n"  # line 5: blank row
        "b..ee,B\n"  # line 6
        'c.ee,"x\r\ny"\n'  # lines 7-8
        "nodot,D\n"  # line 9
    )
    result = read(tmp_path, text)
    assert [s.line for s in result.shops] == [3, 7]
    assert result.shops[0].name == "Two\nlines"
    assert [(b.line, b.reason) for b in result.bad_rows] == [
        (5, "blank row"),
        (6, "not a URL: empty label in host (two dots?)"),
        (9, "not a URL: host 'nodot' has no dot"),
    ]


# One test per bad-row kind.


def test_bad_blank_row(tmp_path: Path) -> None:
    assert one_bad(tmp_path, " , , ") == BadRow(3, "", "blank row")


def test_bad_empty_url(tmp_path: Path) -> None:
    assert one_bad(tmp_path, ",Name only,EE") == BadRow(3, "", "empty url")


def test_bad_spaces_in_host(tmp_path: Path) -> None:
    assert "host contains spaces" in one_bad(tmp_path, "kodu kaup.ee,K,EE").reason


def test_bad_no_dot(tmp_path: Path) -> None:
    assert "has no dot" in one_bad(tmp_path, "kodukaup,K,EE").reason


def test_bad_invalid_characters(tmp_path: Path) -> None:
    assert "invalid character" in one_bad(tmp_path, "https://kodu*kaup.ee,K,EE").reason


def test_bad_too_long(tmp_path: Path) -> None:
    bad = one_bad(tmp_path, "https://example.com/" + "x" * 3000 + ",K,EE")
    assert "too long" in bad.reason
    assert len(bad.value) <= 200  # the report does not carry the whole cell


def test_bad_unsupported_scheme(tmp_path: Path) -> None:
    bad = one_bad(tmp_path, "mailto:shop@example.com,K,EE")
    assert bad.value == "mailto:shop@example.com"
    assert bad.reason == "unsupported scheme 'mailto:' (only http and https)"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8000/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://10.1.2.3/", "private"),
        ("http://[fc00::1]/", "private"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://2130706433/", "loopback"),
        ("http://0x7f.1/", "loopback"),
        ("http://localhost/", "localhost"),
        ("shop.localhost", "localhost"),
        ("printer.local", "*.local"),
        ("api.internal", "*.internal"),
    ],
)
def test_bad_private_host(tmp_path: Path, url: str, reason: str) -> None:
    bad = one_bad(tmp_path, f"{url},K,EE")
    assert bad.reason.startswith("not a public host: ") and reason in bad.reason


def test_allow_private(tmp_path: Path) -> None:
    text = "url\nhttp://127.0.0.1:8000/\nhttp://localhost:8001/shop/\nhttp://[::1]/\n"
    result = read(tmp_path, text, allow_private=True)
    assert [s.origin for s in result.shops] == [
        "http://127.0.0.1:8000",
        "http://localhost:8001",
        "http://[::1]",
    ]
    assert result.bad_rows == []
    # allow_private lifts the guard only, not the URL checks.
    result = read(tmp_path, "url\nhttp://127.0.0.1/\nmailto:a@b.ee\n", allow_private=True)
    assert [b.line for b in result.bad_rows] == [3]


def test_bad_country(tmp_path: Path) -> None:
    bad = one_bad(tmp_path, "kodukaup.ee,K,Estonia")
    assert bad.value == "kodukaup.ee"
    assert "'Estonia'" in bad.reason and "ISO 3166-1" in bad.reason


def test_bad_country_hint(tmp_path: Path) -> None:
    assert "did you mean GB" in one_bad(tmp_path, "shop.co.uk,K,UK").reason


def test_timezone_column(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        "url,country,TimeZone\na.ee,EE,\nb.no,NO, europe/oslo \nc.com,,America/New_York\n",
    )
    assert result.bad_rows == []
    a, b, c = result.shops
    assert a.timezone == "" and a.extra == {"timezone": ""}
    # Matched in any case, kept under the lower-case key in tzdata's spelling.
    assert b.timezone == "Europe/Oslo" and b.extra == {"timezone": "Europe/Oslo"}
    assert c.timezone == "America/New_York" and c.country == ""


@pytest.mark.parametrize(
    "zone", ["Europe/Talinn", "EET+2", "Estonia", "../../etc/passwd", "localtime"]
)
def test_bad_timezone(tmp_path: Path, zone: str) -> None:
    bad = one_bad(tmp_path, f"kodukaup.ee,K,EE,{zone}", header="url,name,country,timezone")
    assert bad.value == "kodukaup.ee"
    assert bad.reason.startswith(f"unknown time zone {zone!r}")
    assert "Europe/Tallinn" in bad.reason  # an example of the expected form


def test_bad_timezone_only_row_names_line_and_value(tmp_path: Path) -> None:
    with pytest.raises(ShopListError) as info:
        read(tmp_path, "url,timezone\nkodukaup.ee,Europe/Tallin\n")
    assert "line 2: unknown time zone 'Europe/Tallin'" in str(info.value)


def test_timezone_merge_first_non_empty_wins(tmp_path: Path) -> None:
    result = read(tmp_path, "url,timezone\na.ee,\na.ee,Europe/Tallinn\na.ee,Europe/Riga\n")
    assert result.merged == [(3, 2), (4, 2)]
    assert result.shops[0].timezone == "Europe/Tallinn"


def test_country_lowercase_accepted(tmp_path: Path) -> None:
    result = read(tmp_path, "url,country\na.ee,ee\nb.lv, lv \nc.lt,\n")
    assert [s.country for s in result.shops] == ["EE", "LV", ""]


def test_bad_too_many_cells(tmp_path: Path) -> None:
    bad = one_bad(tmp_path, "kodukaup.ee,Kodu,kaup,EE")
    assert "4 cells but the header has 3" in bad.reason


def test_trailing_empty_cells_are_fine(tmp_path: Path) -> None:
    result = read(tmp_path, "url;name\nkodukaup.ee;K;;;\nexample.fi\n")
    assert result.bad_rows == [] and len(result.shops) == 2


def test_bad_unclosed_quote(tmp_path: Path) -> None:
    result = read(tmp_path, 'url,name\na.ee,A\n"b.ee,B\nc.ee,C\n')
    assert [s.origin for s in result.shops] == ["https://a.ee"]
    assert result.bad_rows[0].line == 3
    assert "unclosed quote" in result.bad_rows[0].reason


# Merging.


def test_merge_duplicates(tmp_path: Path) -> None:
    text = (
        "url,name,country,category,tags,segment\n"
        "https://www.example.ee/et/,,,Home,a;b,\n"  # line 2: kept
        "other.ee,Other,EE,,,\n"  # line 3
        "HTTPS://WWW.EXAMPLE.EE:443/en/,Example,EE,Garden,b|c,SMB\n"  # line 4
        "www.example.ee,Later name,FI,,d,LARGE\n"  # line 5
        "http://www.example.ee/,Plain http,EE,,,\n"  # line 6: another origin
        "example.ee,Bare,EE,,,\n"  # line 7: another origin (www kept)
    )
    result = read(tmp_path, text)
    assert result.bad_rows == []
    assert result.merged == [(4, 2), (5, 2)]
    assert [s.origin for s in result.shops] == [
        "https://www.example.ee",
        "https://other.ee",
        "http://www.example.ee",
        "https://example.ee",
    ]
    shop = result.shops[0]
    assert shop.url == "https://www.example.ee/et/"  # start URL from the first row
    assert shop.line == 2
    assert shop.name == "Example"  # first non-empty wins
    assert shop.country == "EE"
    assert shop.category == "Home"
    assert shop.tags == ("a", "b", "c", "d")
    assert shop.extra == {"segment": "SMB"}


def test_merge_tags_case_insensitive(tmp_path: Path) -> None:
    result = read(tmp_path, "url,tags\na.ee,Sale;kids\na.ee,sale;Toys\n")
    assert result.shops[0].tags == ("Sale", "kids", "Toys")


def test_bad_duplicate_is_not_merged(tmp_path: Path) -> None:
    result = read(tmp_path, "url,country\na.ee,EE\na.ee,Eesti\n")
    assert result.merged == []
    assert [b.line for b in result.bad_rows] == [3]


# Whole-file errors.


def assert_file_error(path: Path, *words: str) -> ShopListError:
    with pytest.raises(ShopListError) as info:
        read_shop_list(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message, message
    return info.value


def test_error_missing_file(tmp_path: Path) -> None:
    assert_file_error(tmp_path / "nope.csv", "not found")


def test_error_directory(tmp_path: Path) -> None:
    assert_file_error(tmp_path, "directory")


def test_error_empty_file(tmp_path: Path) -> None:
    assert_file_error(write(tmp_path, ""), "empty")
    assert_file_error(write(tmp_path, "\n \n;;;\n", bom=True), "empty")


def test_error_header_only(tmp_path: Path) -> None:
    assert_file_error(write(tmp_path, "url,name\n"), "no shop rows")


def test_error_missing_url_column(tmp_path: Path) -> None:
    assert_file_error(write(tmp_path, "name;country\nKodukaup;EE\n"), "no 'url' column", "'name'")


def test_error_no_header_hint(tmp_path: Path) -> None:
    assert_file_error(write(tmp_path, "kodukaup.ee,Kodukaup\n"), "no 'url' column", "header line")


def test_error_duplicate_column(tmp_path: Path) -> None:
    assert_file_error(write(tmp_path, "url,URL\na.ee,b.ee\n"), "twice")


def test_error_no_valid_rows(tmp_path: Path) -> None:
    error = assert_file_error(
        write(tmp_path, "url\nftp://a.ee\nhttp://127.0.0.1\n\n"),
        "no valid shop rows",
        "line 2: unsupported scheme",
    )
    assert [b.line for b in error.bad_rows] == [2, 3, 4]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("not a CSV file", "PNG")),
        (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", ("not a CSV file", "xlsx")),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", ("not a CSV file", ".xls")),
        (b"%PDF-1.7\n", ("not a CSV file", "PDF")),
        ("url\nkodukaup.ee\n".encode("utf-16"), ("UTF-16",)),
        (b"url\nkodukaup.ee\x00\x01\x02\n", ("binary",)),
        (
            "url,name\nkodukaup.ee,Kodukaup\nk\u00e4sit\u00f6\u00f6.ee,x\n".encode("latin-1"),
            ("not UTF-8", "line 3", "CSV UTF-8"),
        ),
    ],
)
def test_error_not_csv(tmp_path: Path, data: bytes, words: tuple[str, ...]) -> None:
    path = tmp_path / "shops.csv"
    path.write_bytes(data)
    assert_file_error(path, *words)


def test_accepts_str_path(tmp_path: Path) -> None:
    path = write(tmp_path, "url\na.ee\n")
    assert read_shop_list(str(path)).shops[0].origin == "https://a.ee"  # type: ignore[arg-type]
