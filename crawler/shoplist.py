"""Read the user's shop list (CSV) and normalise shop URLs.

A shop is identified by its normalised origin (``scheme://host[:port]``).
The guard against private and local hosts here works on the URL text only and
never resolves names: with a proxy, host names are the proxy's to resolve.
:func:`check_resolved_addresses` is the DNS-backed check the crawler runs at
visit time when no proxy is set.
"""

from __future__ import annotations

import csv
import hashlib
import io
import ipaddress
import re
import socket
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = [
    "BadRow",
    "ShopList",
    "ShopListError",
    "ShopRow",
    "canonical_timezone",
    "check_resolved_addresses",
    "normalise_origin",
    "normalise_url",
    "private_reason",
    "read_shop_list",
    "shop_slug",
]

MAX_URL_LENGTH = 2048
MAX_HOST_LENGTH = 253
MAX_LABEL_LENGTH = 63

KNOWN_COLUMNS = ("url", "name", "country", "category", "tags")
# Optional columns with a meaning: header matched in any case, value checked, and kept in
# ``extra`` under the lower-case name (so storage needs no column of its own).
# ``timezone``: the shop's IANA zone (``Europe/Tallinn``) where its country does not tell it.
META_COLUMNS = ("timezone",)
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

# ISO 3166-1 alpha-2, officially assigned codes (same set as tzdata's iso3166.tab).
# XK (Kosovo) is a user-assigned code but the EU, CLDR and most shop platforms
# use it, so refusing it would only push users to a wrong code.
COUNTRY_CODES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM
    BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX
    CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG
    GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR
    IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV
    LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE
    NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
    RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF
    WS YE YT ZA ZM ZW XK
    """.split()
)
# Codes people write that ISO does not assign; named in the error as a hint.
_COUNTRY_HINTS = {"UK": "GB", "EL": "GR", "EN": "GB"}

# Host names that only mean something on the local machine or network.
_LOCAL_NAMES = ("localhost", "localdomain")
_LOCAL_SUFFIXES = {
    "localhost": "the local machine",
    "localdomain": "the local machine",
    "local": "multicast DNS on the local network",
    "internal": "a private network",
    "home.arpa": "a home network",
}

# Schemes refused even when what follows looks like a port ("javascript:1").
_OTHER_SCHEMES = frozenset(
    "about blob chrome data file ftp ftps javascript mailto sftp ssh tel view-source ws wss".split()
)
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_AUTHORITY_START_RE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//")
_PORT_ONLY_RE = re.compile(r"[0-9]*(?:[/?#]|$)")
_HOST_CHARS_RE = re.compile(r"[a-z0-9_\-.]")
_DEC_RE = re.compile(r"[0-9]+")
_HEX_RE = re.compile(r"[0-9a-fA-F]*")
_OCT_RE = re.compile(r"[0-7]+")
# Kept as-is when re-encoding paths and queries: the URL's own syntax and any
# existing %XX escapes; everything else (spaces excluded, see below, and
# non-ASCII) is percent-encoded as UTF-8 like a browser does.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx or .ods workbook?); export the sheet as CSV"),
    (b"PK\x05\x06", "a ZIP archive (an .xlsx or .ods workbook?); export the sheet as CSV"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel .xls workbook; export the sheet as CSV"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xff\xfe", "UTF-16 text; save it as 'CSV UTF-8'"),
    (b"\xfe\xff", "UTF-16 text; save it as 'CSV UTF-8'"),
)


@dataclass(frozen=True)
class ShopRow:
    """One shop from the list, after normalisation and merging."""

    origin: str
    url: str
    name: str
    country: str
    category: str
    tags: tuple[str, ...]
    line: int
    # A dict cannot be hashed; leave it out so rows stay usable in sets.
    extra: dict[str, str] = field(hash=False)

    @property
    def timezone(self) -> str:
        """The shop's IANA time zone from the ``timezone`` column, or ""."""
        return self.extra.get("timezone", "")


@dataclass(frozen=True)
class BadRow:
    """A skipped row: its physical line number, its url cell and why."""

    line: int
    value: str
    reason: str


@dataclass(frozen=True)
class ShopList:
    """The valid shops, the skipped rows and the merges (duplicate line, kept line)."""

    shops: list[ShopRow]
    bad_rows: list[BadRow]
    merged: list[tuple[int, int]]


class ShopListError(Exception):
    """The file as a whole cannot be used; the message names the file and the problem."""

    def __init__(self, message: str, bad_rows: Sequence[BadRow] = ()) -> None:
        super().__init__(message)
        self.bad_rows = list(bad_rows)


# --------------------------------------------------------------------------- URLs


@dataclass(frozen=True)
class _Url:
    scheme: str
    host: str  # lower-case ASCII name, dotted IPv4, or bracketed IPv6
    port: int | None  # None when default for the scheme
    path_query: str

    @property
    def origin(self) -> str:
        port = f":{self.port}" if self.port is not None else ""
        return f"{self.scheme}://{self.host}{port}"


def normalise_url(raw: str) -> str:
    """Return the normalised start URL for ``raw``; raise ValueError with a reason.

    Adds ``https://`` to a bare domain, converts IDN to punycode, lower-cases
    the host, drops default ports, a trailing dot and the fragment; keeps the
    path and query.
    """
    url = _parse_url(raw)
    return url.origin + url.path_query


def normalise_origin(url: str) -> str:
    """Return ``scheme://host[:port]`` for ``url``; the shop's identity.

    ``www.`` is kept: it can be a different server from the bare domain.
    """
    return _parse_url(url).origin


def _parse_url(raw: str) -> _Url:
    s = raw.strip()
    if not s:
        raise ValueError("empty url")
    if len(s) > MAX_URL_LENGTH:
        raise ValueError(f"not a URL: too long ({len(s)} characters, limit {MAX_URL_LENGTH})")
    for ch in s:
        if ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F:
            if ch in "\r\n":
                # A line break inside one cell usually means an unclosed quote.
                raise ValueError("not a URL: contains a line break (unclosed quote in the file?)")
            where = "host" if _in_authority(s, s.index(ch)) else "URL"
            kind = "spaces" if ch.isspace() else "control characters"
            raise ValueError(f"not a URL: {where} contains {kind}")
    if "\\" in s:
        raise ValueError("not a URL: invalid character '\\'")

    scheme, rest = _split_scheme(s)
    authority_end = len(rest)
    for i, ch in enumerate(rest):
        if ch in "/?#":
            authority_end = i
            break
    authority, tail = rest[:authority_end], rest[authority_end:]
    if "@" in authority:
        # Credentials would end up in evidence files; "shop.ee@10.0.0.1" is also
        # the classic way to disguise the real host.
        raise ValueError("not a URL: user name or password in the URL (user@host)")

    host_text, port = _split_host_port(authority)
    host = _normalise_host(host_text)
    if port is not None and port == {"http": 80, "https": 443}[scheme]:
        port = None

    tail = tail.partition("#")[0]
    path, qmark, query = tail.partition("?")
    path = _quote(path or "/", _PATH_SAFE)
    path_query = path + (qmark + _quote(query, _QUERY_SAFE) if qmark else "")
    return _Url(scheme, host, port, path_query)


def _in_authority(s: str, index: int) -> bool:
    """Whether ``s[index]`` falls in the host part (to word error messages)."""
    m = _AUTHORITY_START_RE.match(s)
    start = m.end() if m else 0
    end = len(s)
    for i in range(start, len(s)):
        if s[i] in "/?#":
            end = i
            break
    return start <= index < end


def _split_scheme(s: str) -> tuple[str, str]:
    """Return (scheme, text after ``scheme://``), adding https for bare domains."""
    if s.startswith("//"):
        return "https", s[2:]
    m = _SCHEME_RE.match(s)
    if m:
        scheme = m.group(0)[:-1].lower()
        after = s[m.end() :]
        if scheme in ("http", "https"):
            if not after.startswith("//"):
                raise ValueError(f"not a URL: expected '//' after '{scheme}:'")
            return scheme, after[2:]
        # "example.com:8080/x" looks like a scheme but is a host with a port;
        # a dotted "scheme" is a host with a bad port, left for the port check.
        if (
            scheme in _OTHER_SCHEMES
            or after.startswith("//")
            or (not _PORT_ONLY_RE.match(after) and "." not in scheme)
        ):
            raise ValueError(f"unsupported scheme '{scheme}:' (only http and https)")
    return "https", s


def _split_host_port(authority: str) -> tuple[str, int | None]:
    if authority.startswith("["):
        close = authority.find("]")
        if close == -1:
            raise ValueError("not a URL: unclosed '[' in host")
        host, after = authority[: close + 1], authority[close + 1 :]
        if after and not after.startswith(":"):
            raise ValueError("not a URL: unexpected text after IPv6 address")
        port_text = after[1:] if after else ""
    else:
        if authority.count(":") > 1:
            raise ValueError("not a URL: an IPv6 address must be in brackets")
        host, _, port_text = authority.partition(":")
    if not port_text:
        return host, None
    if not _DEC_RE.fullmatch(port_text) or not 0 < int(port_text) <= 65535:
        raise ValueError(f"not a URL: invalid port '{port_text}'")
    return host, int(port_text)


def _normalise_host(host: str) -> str:
    """Return the canonical ASCII host; raise ValueError if it is not a host."""
    if not host:
        raise ValueError("not a URL: no host")
    if host.startswith("["):
        inner = host[1:-1]
        if "%" in inner:
            raise ValueError("not a URL: IPv6 zone identifiers are not supported")
        try:
            return f"[{_ipv6_text(ipaddress.IPv6Address(inner))}]"
        except ValueError:
            raise ValueError(f"not a URL: invalid IPv6 address '{inner}'") from None
    if "%" in host:
        # Browsers percent-decode hosts ("%6cocalhost"); refusing is simpler than
        # guarding a second spelling of every name.
        raise ValueError("not a URL: invalid character '%' in host")
    if not host.isascii():
        try:
            # IDNA 2003 via the standard codec; its nameprep also folds
            # full-width letters and dots, so checks below see the real name.
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"not a URL: invalid internationalised domain name '{host}'") from None
    host = host.lower()
    if host.endswith("."):
        host = host[:-1]
    if _ends_in_number(host):
        # Browsers read "2130706433", "0x7f.1" and "127.1" as IPv4 addresses.
        ipv4 = _parse_ipv4(host)
        if ipv4 is None:
            raise ValueError(f"not a URL: invalid IPv4 address '{host}'")
        return str(ipv4)
    for ch in host:
        if not _HOST_CHARS_RE.fullmatch(ch):
            raise ValueError(f"not a URL: invalid character {ch!r} in host")
    if len(host) > MAX_HOST_LENGTH:
        raise ValueError(f"not a URL: host too long ({len(host)} characters)")
    labels = host.split(".")
    for label in labels:
        if not label:
            raise ValueError("not a URL: empty label in host (two dots?)")
        if len(label) > MAX_LABEL_LENGTH:
            raise ValueError("not a URL: host label longer than 63 characters")
        if label.startswith("xn--"):
            try:
                label.encode("ascii").decode("idna")
            except UnicodeError:
                raise ValueError(f"not a URL: invalid punycode label '{label}'") from None
    if "_" in labels[-1]:
        # Top-level domains never hold '_'; refusing it keeps shop_slug's
        # "_port" and "_http" suffixes unambiguous.
        raise ValueError("not a URL: invalid character '_' in top-level domain")
    if len(labels) == 1 and host != "localhost":
        raise ValueError(f"not a URL: host '{host}' has no dot")
    return host


def _ipv6_text(ip: ipaddress.IPv6Address) -> str:
    """RFC 5952 text, with IPv4-mapped addresses in hex as browsers write them.

    (Python 3.13 started writing "::ffff:1.2.3.4"; the origin must not depend
    on the Python version.)
    """
    mapped = ip.ipv4_mapped
    if mapped is not None:
        n = int(mapped)
        return f"::ffff:{n >> 16:x}:{n & 0xFFFF:x}"
    return ip.compressed


def _ends_in_number(host: str) -> bool:
    """WHATWG "ends in a number": such hosts are parsed as IPv4 by browsers."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    return bool(_DEC_RE.fullmatch(last)) or _ipv4_number(last) is not None


def _ipv4_number(part: str) -> int | None:
    if not part:
        return None
    # int() alone would accept "_" and signs; the regexes keep to plain digits.
    if part[:2] in ("0x", "0X"):
        digits = part[2:]
        if not digits:
            return 0  # "0x" alone is zero in the URL standard
        return int(digits, 16) if _HEX_RE.fullmatch(digits) else None
    if len(part) > 1 and part[0] == "0":
        return int(part[1:], 8) if _OCT_RE.fullmatch(part[1:]) else None
    return int(part) if _DEC_RE.fullmatch(part) else None


def _parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Parse an IPv4 host the way the WHATWG URL standard does, or None."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        return None
    numbers = [_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    values = [n for n in numbers if n is not None]
    if any(n > 255 for n in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        return None
    address = values[-1]
    for i, n in enumerate(values[:-1]):
        address += n * 256 ** (3 - i)
    return ipaddress.IPv4Address(address)


def _quote(text: str, safe: str) -> str:
    return quote(text, safe=safe, encoding="utf-8", errors="strict")


# --------------------------------------------------------------- private hosts

_SHARED_NET = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64_NET = ipaddress.IPv6Network("64:ff9b::/96")
_PRIVATE_NETS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


def private_reason(host: str) -> str | None:
    """Why the literal ``host`` is not a public host, or None if it may be public.

    Accepts names, IPv4 in any browser-accepted spelling and IPv6 with or
    without brackets. Never resolves names. Text that is not a host at all
    gets a reason too, so garbage is never taken for public.
    """
    h = host.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if ":" in h:
        try:
            return _ip_reason(ipaddress.IPv6Address(h.split("%", 1)[0]))
        except ValueError:
            return f"not a valid host: {host!r}"
    if not h.isascii():
        try:
            h = h.encode("idna").decode("ascii")
        except UnicodeError:
            return f"not a valid host: {host!r}"
    h = h.lower()
    if h.endswith("."):
        h = h[:-1]
    if not h:
        return f"not a valid host: {host!r}"
    if _ends_in_number(h):
        ipv4 = _parse_ipv4(h)
        return _ip_reason(ipv4) if ipv4 is not None else f"not a valid host: {host!r}"
    if h in _LOCAL_NAMES:
        return f"local host name '{h}'"
    for suffix, meaning in _LOCAL_SUFFIXES.items():
        if h == suffix or h.endswith("." + suffix):
            return f"local host name '{h}' (*.{suffix} is {meaning})"
    return None


def _ip_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64_NET:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            # These forms reach the embedded IPv4 address, so judge that one.
            inner = _ip_reason(embedded)
            return f"{inner} (inside IPv6 {ip.compressed})" if inner else None
    if ip.is_unspecified:
        return f"unspecified address {ip}"
    if ip.is_loopback:
        return f"loopback address {ip}"
    if ip.is_link_local:
        return f"link-local address {ip}"
    if ip.is_multicast:
        return f"multicast address {ip}"
    if isinstance(ip, ipaddress.IPv4Address):
        if ip == ipaddress.IPv4Address("255.255.255.255"):
            return f"broadcast address {ip}"
        if ip in _SHARED_NET:
            return f"shared (carrier-grade NAT) address {ip}"
    elif ip.is_site_local:
        return f"site-local address {ip}"
    if any(ip in net for net in _PRIVATE_NETS):
        return f"private address {ip}"
    if ip.is_reserved or ip.is_private or not ip.is_global:
        return f"reserved or special-purpose address {ip}"
    return None


Resolver = Callable[..., Iterable[Sequence[Any]]]


def check_resolved_addresses(host: str, *, resolver: Resolver | None = None) -> str | None:
    """Resolve ``host`` and return why it is not public, or None.

    For the crawler at visit time when no proxy is set. ``resolver`` has the
    signature of :func:`socket.getaddrinfo` (the default). A name that does
    not resolve gives None: the visit itself will record the DNS failure.
    Chromium resolves again on its own, so this does not stop DNS rebinding.
    """
    reason = private_reason(host)
    if reason:
        return reason
    h = host.strip().strip("[]")
    if ":" in h or _ends_in_number(h.lower().rstrip(".")):
        return None  # an IP literal, already judged above
    if not h.isascii():
        h = h.encode("idna").decode("ascii")
    resolve = resolver if resolver is not None else socket.getaddrinfo
    try:
        infos = list(resolve(h, None, 0, socket.SOCK_STREAM))
    except (OSError, UnicodeError):
        return None
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        reason = private_reason(address)
        if reason:
            return f"{host} resolves to {reason}"
    return None


# ------------------------------------------------------------------------ slugs


def shop_slug(origin: str) -> str:
    """A filesystem-safe folder name for a shop's evidence.

    ``https://www.example.ee`` -> ``www.example.ee``; a port adds ``_8443``,
    plain http adds ``_http`` (so http and https origins never share a
    folder). Never contains ``/`` or ``..`` and never starts with a dot.
    """
    url = _parse_url(origin)
    host = url.host
    if host.startswith("["):
        # ':' is not allowed in Windows file names; IPv6 slugs have no dot so
        # they cannot collide with a host name (those always have one).
        host = "ipv6_" + host[1:-1].replace(":", "-").replace(".", "-")
    slug = host
    if url.port is not None:
        slug += f"_{url.port}"
    if url.scheme == "http":
        slug += "_http"
    if len(slug) > 200:
        # File names are limited to 255 bytes; keep it unique with a digest.
        digest = hashlib.sha256(url.origin.encode("ascii")).hexdigest()[:16]
        slug = f"{slug[:180]}_{digest}"
    if "/" in slug or "\\" in slug or ".." in slug or slug.startswith(".") or not slug:
        raise ValueError(f"cannot make a safe folder name for {origin!r}")  # unreachable
    return slug


# ---------------------------------------------------------------------- reading


@dataclass
class _Draft:
    """A shop being assembled while duplicate rows are merged in."""

    origin: str
    url: str
    line: int
    name: str
    country: str
    category: str
    tags: list[str]
    extra: dict[str, str]

    def merge(self, other: _Draft) -> None:
        # First non-empty value wins, so later rows only fill gaps.
        self.name = self.name or other.name
        self.country = self.country or other.country
        self.category = self.category or other.category
        self.tags = _unique(self.tags + other.tags)
        for key, value in other.extra.items():
            if not self.extra.get(key):
                self.extra[key] = value

    def freeze(self) -> ShopRow:
        return ShopRow(
            origin=self.origin,
            url=self.url,
            name=self.name,
            country=self.country,
            category=self.category,
            tags=tuple(self.tags),
            line=self.line,
            extra=dict(self.extra),
        )


def read_shop_list(path: Path, *, allow_private: bool = False) -> ShopList:
    """Read and validate a shop list CSV; raise ShopListError if it is unusable."""
    path = Path(path)
    text = _read_text(path)

    lines = io.StringIO(text, newline="")
    line_offset = 0
    first = text.split("\n", 1)[0].rstrip("\r")
    delimiter: str | None = None
    if first.lower().startswith("sep=") and len(first) == 5 and first[4] in DELIMITERS:
        # Excel's "sep=;" hint line, written and honoured by Excel itself.
        delimiter = first[4]
        lines.readline()
        line_offset = 1

    # Skip blank lines (or Excel's ";;;" lines) before the header.
    header_text = ""
    while True:
        physical = lines.readline()
        if not physical:
            break
        line_offset += 1
        if physical.strip(" \t\r\n,;"):
            header_text = physical
            break
    if not header_text:
        raise ShopListError(f"{path}: no header line (the file has no content)")
    header_line = line_offset
    body = lines.read()

    delimiter = delimiter or _choose_delimiter(path, header_text, body)
    header = next(csv.reader([header_text.rstrip("\r\n")], delimiter=delimiter))
    columns = _columns(path, header)

    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    drafts: dict[str, _Draft] = {}
    bad_rows: list[BadRow] = []
    merged: list[tuple[int, int]] = []
    tag_split = re.compile(r"[;|]" if delimiter == "," else r"[;|,]")

    consumed = 0
    while True:
        line = header_line + consumed + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ShopListError(f"{path}: line {line}: cannot parse CSV: {exc}") from None
        consumed = reader.line_num
        draft_or_bad = _read_row(cells, line, columns, tag_split, allow_private)
        if isinstance(draft_or_bad, BadRow):
            bad_rows.append(draft_or_bad)
            continue
        kept = drafts.get(draft_or_bad.origin)
        if kept is None:
            drafts[draft_or_bad.origin] = draft_or_bad
        else:
            kept.merge(draft_or_bad)
            merged.append((line, kept.line))

    if not drafts:
        if bad_rows:
            shown = "; ".join(f"line {b.line}: {b.reason}" for b in bad_rows[:3])
            more = f"; and {len(bad_rows) - 3} more" if len(bad_rows) > 3 else ""
            raise ShopListError(
                f"{path}: no valid shop rows ({len(bad_rows)} bad: {shown}{more})", bad_rows
            )
        raise ShopListError(f"{path}: no shop rows under the header")
    return ShopList(shops=[d.freeze() for d in drafts.values()], bad_rows=bad_rows, merged=merged)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ShopListError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ShopListError(f"{path}: is a directory, not a CSV file") from None
    except OSError as exc:
        raise ShopListError(f"{path}: cannot read: {exc.strerror or exc}") from None
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ShopListError(f"{path}: not a CSV file: looks like {what}")
    if b"\x00" in data[:8192]:
        raise ShopListError(f"{path}: not a CSV file: binary data (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ShopListError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "save it as 'CSV UTF-8'"
        ) from None
    if not text.strip(" \t\r\n\ufeff,;"):
        raise ShopListError(f"{path}: file is empty")
    return text


def _choose_delimiter(path: Path, header_text: str, body: str) -> str:
    """Pick the delimiter: csv.Sniffer's guess, checked against the header.

    Sniffer is a heuristic (it gives up on short or one-column files and can
    be swayed by cells full of the other delimiters), so its guess is used
    only if it splits the header widest with a ``url`` column among it;
    otherwise the header decides.
    """
    header = header_text.rstrip("\r\n")
    widths = {}
    all_widths = {}
    for d in DELIMITERS:
        names = [
            c.strip().lstrip("\ufeff").lower() for c in next(csv.reader([header], delimiter=d))
        ]
        all_widths[d] = len(names)
        if "url" in names:
            widths[d] = len(names)
    if not widths:
        # No url column either way; split the header so the error lists its names.
        return max(DELIMITERS, key=lambda d: all_widths[d])
    widest = max(widths.values())
    fitting = [d for d in DELIMITERS if widths.get(d) == widest]
    if widest == 1:
        # A one-column file has no delimiter to find; pick the one that splits
        # the fewest data lines so URLs with ',' or ';' stay whole.
        body_lines = body.splitlines()[:200]
        return min(DELIMITERS, key=lambda d: sum(d in ln for ln in body_lines))
    sample = (header_text + body)[:16384]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    return sniffed if sniffed in fitting else fitting[0]


def _columns(path: Path, header: list[str]) -> list[str]:
    """Return the column keys: known names lower-cased, extras as written."""
    keys: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(header, start=1):
        name = raw.strip().lstrip("\ufeff").strip()
        lowered = name.lower()
        known = lowered in KNOWN_COLUMNS or lowered in META_COLUMNS
        key = lowered if known else (name or f"column_{i}")
        if key.lower() in seen:
            raise ShopListError(f"{path}: column '{name}' appears twice in the header")
        seen.add(key.lower())
        keys.append(key)
    if "url" not in keys:
        found = ", ".join(repr(h.strip()) for h in header) or "nothing"
        hint = ""
        if len(header) >= 1:
            try:
                _parse_url(header[0])
                hint = "; the first line looks like a shop, add a header line such as 'url,name'"
            except ValueError:
                pass
        raise ShopListError(f"{path}: no 'url' column in the header (found {found}){hint}")
    return keys


def _read_row(
    cells: list[str],
    line: int,
    columns: list[str],
    tag_split: re.Pattern[str],
    allow_private: bool,
) -> _Draft | BadRow:
    values = {key: (cells[i].strip() if i < len(cells) else "") for i, key in enumerate(columns)}
    raw_url = values["url"]
    shown = raw_url if len(raw_url) <= 200 else raw_url[:199] + "…"
    if not any(c.strip() for c in cells):
        return BadRow(line, "", "blank row")
    surplus = [c for c in cells[len(columns) :] if c.strip()]
    if surplus:
        return BadRow(
            line,
            shown,
            f"{len(cells)} cells but the header has {len(columns)} "
            "(quote cells that contain the delimiter)",
        )
    if not raw_url:
        return BadRow(line, "", "empty url")
    try:
        url = _parse_url(raw_url)
    except ValueError as exc:
        return BadRow(line, shown, str(exc))
    if not allow_private:
        reason = private_reason(url.host)
        if reason:
            return BadRow(line, shown, f"not a public host: {reason}")
    country = values.get("country", "").upper()
    if country and country not in COUNTRY_CODES:
        hint = f", did you mean {_COUNTRY_HINTS[country]}?" if country in _COUNTRY_HINTS else ""
        return BadRow(
            line,
            shown,
            f"unknown country {values['country']!r} (expected an ISO 3166-1 alpha-2 code "
            f"such as EE{hint})",
        )
    tags = _unique(t.strip() for t in tag_split.split(values.get("tags", "")))
    extra = {k: v for k, v in values.items() if k not in KNOWN_COLUMNS}
    if values.get("timezone"):
        zone = canonical_timezone(values["timezone"])
        if zone is None:
            return BadRow(
                line,
                shown,
                f"unknown time zone {values['timezone']!r} (expected an IANA name "
                "such as Europe/Tallinn)",
            )
        extra["timezone"] = zone
    return _Draft(
        origin=url.origin,
        url=url.origin + url.path_query,
        line=line,
        name=values.get("name", ""),
        country=country,
        category=values.get("category", ""),
        tags=tags,
        extra=extra,
    )


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Every IANA zone this machine knows (tzdata or the system's), keyed in lower case."""
    # "localtime" is this machine's own zone, not a place.
    names = zoneinfo.available_timezones() - {"localtime"}
    return {name.lower(): name for name in names}


def canonical_timezone(value: str) -> str | None:
    """The IANA zone name as tzdata spells it ("europe/tallinn" -> "Europe/Tallinn"), or None."""
    name = _zone_names().get(value.strip().lower())
    if name is None:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return name


def _unique(tags: Iterable[str]) -> list[str]:
    """Drop empty and repeated tags (case-insensitively), keeping the first spelling."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out
