"""Pictures for the fake shops, drawn on request so no asset leaves the repository.

Product photos are small SVG still lifes coloured from the product's name;
favicons are real 16x16 PNG files, because browsers ask for ``/favicon.ico``
and a shop without one looks unlike the real web in the request log.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from html import escape


def _hue(seed: str) -> int:
    return int(hashlib.sha1(seed.encode("utf-8")).hexdigest()[:4], 16) % 360


def product_svg(name: str, accent: str = "#336699") -> bytes:
    """A 400x300 product 'photo': a tinted backdrop, an object and its label."""
    hue = _hue(name)
    initials = "".join(word[0] for word in name.split()[:2]).upper() or "?"
    shape = hue % 3
    if shape == 0:
        thing = '<rect x="140" y="80" width="120" height="140" rx="18"/>'
    elif shape == 1:
        thing = '<circle cx="200" cy="150" r="75"/>'
    else:
        thing = '<path d="M200 60 L290 230 L110 230 Z"/>'
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300"'
        f' role="img" aria-label="{escape(name)}">'
        f'<rect width="400" height="300" fill="hsl({hue},35%,92%)"/>'
        f'<ellipse cx="200" cy="245" rx="110" ry="14" fill="hsl({hue},20%,80%)"/>'
        f'<g fill="hsl({hue},55%,55%)" stroke="{escape(accent)}" stroke-width="4">{thing}</g>'
        f'<text x="200" y="165" font-family="sans-serif" font-size="44" font-weight="700"'
        f' text-anchor="middle" fill="#fff">{escape(initials)}</text>'
        "</svg>"
    )
    return svg.encode("utf-8")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def favicon_png(accent: str = "#336699", size: int = 16) -> bytes:
    """A filled rounded square in the shop's colour, as a genuine PNG."""
    colour = accent.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    try:
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        r, g, b = 0x33, 0x66, 0x99
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter type 0 for every scanline
        for x in range(size):
            corner = min(x, size - 1 - x) + min(y, size - 1 - y) < 2
            row += bytes((r, g, b, 0 if corner else 255))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + _chunk(b"IEND", b"")
    )
