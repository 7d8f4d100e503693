"""Tests for probes.hours_text: service hours in shop text, as OSM opening_hours."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from probes.hours_text import HoursMatch, find_hours, parse_hours

# (language, text, expected opening_hours or None when nothing must be found).
# The language column is the language the shop wrote in; it also feeds the
# per-language count below.
CASES: list[tuple[str, str, str | None]] = [
    # --- Finnish ---
    ("fi", "Asiakaspalvelu palvelee ma–pe 9–16", "Mo-Fr 09:00-16:00"),
    ("fi", "ma-pe klo 8.00-16.00, la 10-14", "Mo-Fr 08:00-16:00; Sa 10:00-14:00"),
    (
        "fi",
        "Avoinna: ma-pe 10-20, la 10-18, su ja pyhäpäivinä suljettu",
        "Mo-Fr 10:00-20:00; Sa 10:00-18:00; Su,PH off",
    ),
    ("fi", "Chat palvelee arkisin 8–20 ja lauantaisin 10–16", "Mo-Fr 08:00-20:00; Sa 10:00-16:00"),
    ("fi", "Palvelemme maanantaista perjantaihin klo 8.00–16.00", "Mo-Fr 08:00-16:00"),
    ("fi", "Asiakaspalvelu avoinna joka päivä klo 9–21", "Mo-Su 09:00-21:00"),
    ("fi", "Puhelinpalvelu ma, ke ja pe 9–12", "Mo,We,Fr 09:00-12:00"),
    (
        "fi",
        "Aukioloajat: MA-PE 10-18 | LA 10-15 | SU SULJETTU",
        "Mo-Fr 10:00-18:00; Sa 10:00-15:00; Su off",
    ),
    ("fi", "Työaika: ma–to 8–16, pe 8–15", "Mo-Th 08:00-16:00; Fr 08:00-15:00"),
    (
        "fi",
        "Asiakaspalvelumme palvelee ma–pe klo 9–16. Chat on suljettu viikonloppuisin.",
        "Mo-Fr 09:00-16:00; Sa-Su off",
    ),
    ("fi", "Avoinna klo 10–18", "10:00-18:00"),
    ("fi", "Asiakaspalvelu palvelee 24/7 myös chatissa", "24/7"),
    ("fi", "Tilaa verkosta 24/7. Asiakaspalvelu ma–pe 9–16.", "Mo-Fr 09:00-16:00"),
    ("fi", "Soita 040 123 4567 (ma–pe 9–16)", "Mo-Fr 09:00-16:00"),
    # --- Estonian ---
    ("et", "Klienditeenindus E–R 9–17", "Mo-Fr 09:00-17:00"),
    ("et", "E–R 9–17, L 10–14", "Mo-Fr 09:00-17:00; Sa 10:00-14:00"),
    ("et", "E-R 9.00-18.00 L-P suletud", "Mo-Fr 09:00-18:00; Sa-Su off"),
    (
        "et",
        "Oleme avatud E-R 10.00-18.00, L 10.00-15.00, P suletud",
        "Mo-Fr 10:00-18:00; Sa 10:00-15:00; Su off",
    ),
    ("et", "Mo-Fr 8:00-16:30, Sa 10-14, Su suletud", "Mo-Fr 08:00-16:30; Sa 10:00-14:00; Su off"),
    ("et", "Klienditeenindus töötab esmaspäevast reedeni kell 9–17", "Mo-Fr 09:00-17:00"),
    ("et", "Vestlus on avatud iga päev 9–21", "Mo-Su 09:00-21:00"),
    ("et", "E-P 0-24", "Mo-Su 00:00-24:00"),
    (
        "et",
        "Klienditeenindus tööpäeviti 9–17, nädalavahetusel suletud",
        "Mo-Fr 09:00-17:00; Sa-Su off",
    ),
    ("et", "Pood on avatud E.-R. 10-19", "Mo-Fr 10:00-19:00"),
    # --- Swedish ---
    ("sv", "mån–fre 9–17", "Mo-Fr 09:00-17:00"),
    (
        "sv",
        "Öppettider mån–fre 9–17, lör 10–14, sön stängt",
        "Mo-Fr 09:00-17:00; Sa 10:00-14:00; Su off",
    ),
    ("sv", "Kundtjänst: måndag–fredag kl. 8–17, lördag 10–14", "Mo-Fr 08:00-17:00; Sa 10:00-14:00"),
    ("sv", "Vi svarar alla dagar 9–21", "Mo-Su 09:00-21:00"),
    ("sv", "Chatten är öppen vardagar kl 9–16, helger stängt", "Mo-Fr 09:00-16:00; Sa-Su off"),
    ("sv", "Kundservice måndag till fredag 8.00–16.30", "Mo-Fr 08:00-16:30"),
    ("sv", "Vi finns här dygnet runt", "24/7"),
    # --- Latvian ---
    ("lv", "Darba laiks: P.–Pk. 9:00–18:00", "Mo-Fr 09:00-18:00"),
    (
        "lv",
        "Darba laiks: P.–Pk. 9:00–18:00, S 10:00–14:00, Sv slēgts",
        "Mo-Fr 09:00-18:00; Sa 10:00-14:00; Su off",
    ),
    (
        "lv",
        "Klientu apkalpošana: pirmdien–piektdien 9.00–17.00, sestdien 10.00–14.00, svētdien slēgts",
        "Mo-Fr 09:00-17:00; Sa 10:00-14:00; Su off",
    ),
    ("lv", "Strādājam katru dienu 10–20", "Mo-Su 10:00-20:00"),
    ("lv", "Darba dienās 9–18, brīvdienās slēgts", "Mo-Fr 09:00-18:00; Sa-Su off"),
    ("lv", "Mēs strādājam darba dienās no 9:00 līdz 18:00", "Mo-Fr 09:00-18:00"),
    # --- Lithuanian ---
    ("lt", "Lietuvių: I–V 8–17", "Mo-Fr 08:00-17:00"),
    ("lt", "Klientų aptarnavimas: Pirmadienis–penktadienis 8–17", "Mo-Fr 08:00-17:00"),
    (
        "lt",
        "Darbo laikas: I-V 9:00-18:00, VI 10:00-15:00, VII nedirbame",
        "Mo-Fr 09:00-18:00; Sa 10:00-15:00; Su off",
    ),
    ("lt", "Dirbame kasdien nuo 9 iki 21 val.", "Mo-Su 09:00-21:00"),
    ("lt", "Pr–Pn 8–17, Št 10–14", "Mo-Fr 08:00-17:00; Sa 10:00-14:00"),
    ("lt", "Pirmadieniais–penktadieniais nuo 8 iki 17 val.", "Mo-Fr 08:00-17:00"),
    # --- Russian ---
    ("ru", "Пн–Пт 9:00–18:00", "Mo-Fr 09:00-18:00"),
    ("ru", "Мы работаем ежедневно 10–20", "Mo-Su 10:00-20:00"),
    (
        "ru",
        "Служба поддержки: Пн-Пт с 9:00 до 18:00, Сб-Вс выходной",
        "Mo-Fr 09:00-18:00; Sa-Su off",
    ),
    ("ru", "Работаем без выходных с 10 до 22", "Mo-Su 10:00-22:00"),
    ("ru", "По будням с 9 до 19, в выходные с 10 до 17", "Mo-Fr 09:00-19:00; Sa-Su 10:00-17:00"),
    ("ru", "Работаем с понедельника по пятницу с 9 до 18", "Mo-Fr 09:00-18:00"),
    ("ru", "с 10:00 до 22:00 без выходных", "Mo-Su 10:00-22:00"),
    # --- German ---
    ("de", "Mo–Fr 9–17 Uhr", "Mo-Fr 09:00-17:00"),
    ("de", "Montag bis Freitag 9:00 bis 17:00", "Mo-Fr 09:00-17:00"),
    (
        "de",
        "Kundenservice: Mo-Fr 8:00-18:00 Uhr, Sa 9:00-14:00 Uhr",
        "Mo-Fr 08:00-18:00; Sa 09:00-14:00",
    ),
    ("de", "Wir sind täglich von 10 bis 20 Uhr für Sie da", "Mo-Su 10:00-20:00"),
    ("de", "Mo, Mi, Fr 9–12 Uhr und 13–16 Uhr", "Mo,We,Fr 09:00-12:00,13:00-16:00"),
    ("de", "Montag–Freitag 9:00–17:00, Samstag geschlossen", "Mo-Fr 09:00-17:00; Sa off"),
    ("de", "Servicezeiten: werktags von 8 bis 18 Uhr", "Mo-Fr 08:00-18:00"),
    # --- English ---
    ("en", "Mon–Fri 9am–5pm", "Mo-Fr 09:00-17:00"),
    ("en", "24/7", "24/7"),
    ("en", "9:30 AM - 6 PM", "09:30-18:00"),
    ("en", "Our team is online Monday–Friday 9:30 AM - 6 PM", "Mo-Fr 09:30-18:00"),
    (
        "en",
        "Customer service: Mon-Fri 9-5, Sat 10-4, Sun closed",
        "Mo-Fr 09:00-17:00; Sa 10:00-16:00; Su off",
    ),
    ("en", "Open daily 10-22", "Mo-Su 10:00-22:00"),
    (
        "en",
        "Live chat weekdays 8am to 8pm, weekends 10am to 4pm",
        "Mo-Fr 08:00-20:00; Sa-Su 10:00-16:00",
    ),
    ("en", "Mon-Thu 9:00-17:00; Fri 9:00-15:00", "Mo-Th 09:00-17:00; Fr 09:00-15:00"),
    ("en", "We're here Monday to Friday, 9am to 5pm", "Mo-Fr 09:00-17:00"),
    ("en", "Mon–Fri 8:30 a.m.–5 p.m.", "Mo-Fr 08:30-17:00"),
    ("en", "We are closed on weekends and public holidays", "Sa-Su,PH off"),
    # --- must NOT parse ---
    ("et", "+372 5123 4567", None),
    ("fi", "040 123 4567", None),
    ("fi", "Hinta 9–16 €", None),
    ("fi", "19.90", None),
    ("fi", "Kampanja 1.12.–24.12.", None),
    ("en", "Updated 2024-05-09", None),
    ("fi", "toimitus 1–3 arkipäivässä", None),
    ("et", "tarne 2-5 tööpäeva", None),
    ("sv", "leverans 1-3 dagar", None),
    ("et", "Saadaval suurused EU 36–42", None),
    ("et", "Allahindlus 10–30%", None),
    ("fi", "Tilausnumero 12-3456", None),
    ("de", "Lieferzeit 2–3 Werktage", None),
    ("de", "Tel. +49 30 1234-5678", None),
    ("ru", "Доставка 1-3 дня", None),
    ("ru", "+7 (495) 123-45-67", None),
    ("lv", "Piegāde 7–10 darba dienās", None),
    ("lt", "Pristatymas per 1–3 darbo dienas", None),
    ("lt", "Nuolaida 10–20 %", None),
    ("en", "Delivery in 7–14 days", None),
    ("en", "to 10-12 days", None),
    ("fi", "Ma 9.12.2024 klo 10–14 myymälätapahtuma", None),
    ("fi", "Lasten koko L 10-12 v", None),
    ("et", "Kampaania kehtib 15.11–30.11", None),
    ("fi", "Ikäsuositus 3–6 vuotta", None),
    ("fi", "Tilaa ennen klo 14, niin lähetämme samana päivänä", None),
    ("et", "Hinnad alates 9.90 €", None),
    ("en", "Version 2.10-3.14", None),
    ("et", "E-pood, T-särgid ja L-suurused", None),
    ("fi", "Pe 10 % alennus kaikista tuotteista", None),
]


def _id(case: tuple[str, str, str | None]) -> str:
    lang, text, expected = case
    return f"{lang}-{'no' if expected is None else 'yes'}-{text[:40]}"


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[_id(c) for c in CASES])
def test_parse_hours(lang: str, text: str, expected: str | None) -> None:
    assert parse_hours(text) == expected
    matches = find_hours(text)
    if expected is None:
        assert matches == []
    else:
        assert matches
        for m in matches:
            assert text[m.start : m.end] == m.source


def test_case_table_covers_every_language() -> None:
    per_lang = Counter(lang for lang, _, _ in CASES)
    assert set(per_lang) == {"fi", "et", "sv", "lv", "lt", "ru", "de", "en"}
    assert len(CASES) >= 60
    assert sum(1 for _, _, expected in CASES if expected is None) >= 15


# (text, [(source, opening_hours, language)]): exact spans of each statement.
SPANS: list[tuple[str, list[tuple[str, str, str | None]]]] = [
    ("Asiakaspalvelu palvelee ma–pe 9–16", [("ma–pe 9–16", "Mo-Fr 09:00-16:00", "fi")]),
    (
        "Klienditeenindus E–R 9–17, L 10–14. Helista!",
        [("E–R 9–17, L 10–14", "Mo-Fr 09:00-17:00; Sa 10:00-14:00", "et")],
    ),
    ("Öppettider mån–fre 9–17", [("mån–fre 9–17", "Mo-Fr 09:00-17:00", "sv")]),
    ("Darba laiks: P.–Pk. 9:00–18:00", [("P.–Pk. 9:00–18:00", "Mo-Fr 09:00-18:00", "lv")]),
    ("Lietuvių: I–V 8–17", [("I–V 8–17", "Mo-Fr 08:00-17:00", "lt")]),
    ("Звоните: Пн–Пт 9:00–18:00.", [("Пн–Пт 9:00–18:00", "Mo-Fr 09:00-18:00", "ru")]),
    ("Erreichbar Mo–Fr 9–17 Uhr.", [("Mo–Fr 9–17 Uhr", "Mo-Fr 09:00-17:00", "de")]),
    ("Chat: Mon–Fri 9am–5pm (CET)", [("Mon–Fri 9am–5pm", "Mo-Fr 09:00-17:00", "en")]),
    ("Avoinna klo 10–18", [("klo 10–18", "10:00-18:00", "fi")]),
    ("Palvelemme 24/7!", [("24/7", "24/7", None)]),
    (
        "Chat 24/7, puhelin ma–pe 9–16",
        [("24/7", "24/7", None), ("ma–pe 9–16", "Mo-Fr 09:00-16:00", "fi")],
    ),
    (
        "Puhelin ma–pe 8–16.\nChat ma–pe 8–20, la 10–16.",
        [
            ("ma–pe 8–16", "Mo-Fr 08:00-16:00", "fi"),
            ("ma–pe 8–20, la 10–16", "Mo-Fr 08:00-20:00; Sa 10:00-16:00", "fi"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPANS, ids=[t[:30] for t, _ in SPANS])
def test_source_spans(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    matches = find_hours(text)
    assert [(m.source, m.opening_hours, m.language) for m in matches] == expected
    for m in matches:
        assert text[m.start : m.end] == m.source
        assert text.index(m.source) <= m.start


def test_match_offsets_are_exact() -> None:
    text = "Asiakaspalvelu palvelee ma–pe 9–16"
    assert find_hours(text) == [
        HoursMatch(
            opening_hours="Mo-Fr 09:00-16:00",
            source="ma–pe 9–16",
            start=24,
            end=34,
            language="fi",
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A lone closed day says nothing without open hours beside it.
        ("Su suljettu", None),
        # Estonian P is Sunday, Latvian P is Monday: the rest of the text decides.
        ("P 10–14, E–R 9–17", "Su 10:00-14:00; Mo-Fr 09:00-17:00"),
        ("P 10–14, O–Pk 9–17", "Mo 10:00-14:00; Tu-Fr 09:00-17:00"),
        ("Svētdien slēgts. P 9–17", "Su off; Mo 09:00-17:00"),
        # A statement of hours beats a bare time or round-the-clock claim elsewhere.
        ("Nouto klo 12–18. Asiakaspalvelu ma–pe 9–16", "Mo-Fr 09:00-16:00"),
        ("", None),
        ("Ei aukioloaikoja tällä sivulla.", None),
    ],
)
def test_edge_cases(text: str, expected: str | None) -> None:
    assert parse_hours(text) == expected


def test_duplicate_rules_are_merged_once() -> None:
    text = "Asiakaspalvelu ma–pe 9–16. Chat ma–pe 9–16, la 10–14."
    assert parse_hours(text) == "Mo-Fr 09:00-16:00; Sa 10:00-14:00"


def test_long_repetitive_text_is_fast() -> None:
    # Bounded repeats keep pathological input linear; an unbounded day chain
    # made this take over a minute.
    started = time.perf_counter()
    for junk in ("ma-" * 5000, "ma, " * 3000, "maanantaista " * 2000, "9-17, " * 3000):
        find_hours(junk)
    assert time.perf_counter() - started < 10


def test_outputs_are_valid_opening_hours() -> None:
    # Optional cross-check with the OSM opening_hours grammar when the
    # (Rust-backed) validator happens to be installed; it is not a dependency.
    oh = pytest.importorskip("opening_hours")
    for _, _text, expected in CASES:
        if expected is not None:
            oh.OpeningHours(expected)
