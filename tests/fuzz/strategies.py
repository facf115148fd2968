"""Hostile values: what a crafted request, a broken client or a copy-paste accident sends.

Values are ``str`` or ``bytes``: bytes are sent as they are (percent-encoded), so a body can
hold what no browser's UTF-8 would, such as a lone surrogate or a stray continuation byte.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from hypothesis import strategies as st

BIGINT = 2**63

#: Names every form and list is sent besides its own: what a crafted request might add.
EXTRA = ("page", "q", "next", "status", "buurt", "wijkteam", "sort", "o", "p", "e", "_popup")

NASTY_TEXT = (
    "",
    " ",
    "\x00",
    "abc\x00def",
    "%00",
    "\x1b[31m\x07\x08",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u05e9\u05dc\u05d5\u05dd",  # RTL mark, Hebrew
    "مرحبا",
    "😀👍🏽\U0001f3f3\ufe0f\u200d\U0001f308",
    "\ufeff\u200b",
    "e\u0301" * 50,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7*7 }}{% debug %}",
    "../../etc/passwd",
    "\r\n\r\nSet-Cookie: x=1",
    "x" * 100_000,
    "é" * 20_000,
    "null",
    "None",
    "[]",
    "{}",
)

NASTY_BYTES = (
    b"\xed\xa0\x80",  # a lone surrogate, UTF-8 encoded
    b"\xff\xfe",
    b"\x80abc",
    b"\xc3",
)

NASTY_NUMBERS = (
    "0",
    "-1",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    "\u0661\u0662",  # Arabic-Indic digits
    str(2**31),
    str(BIGINT - 1),
    str(BIGINT),
    str(10**30),
    "9" * 400,
    " 1 ",
    "1\x00",
    "",
)

NASTY_DATES = (
    "2026-02-31",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31-02-2026",
    "01/02/2026",
    "2026-1-1",
    "gisteren",
    "2026-01-01T25:00",
    "2026-01-01\x00",
    "-2026-01-01",
)

NASTY_EMAILS = (
    "@@",
    "a@b",
    "a@" + "b" * 300 + ".nl",
    "x" * 300 + "@example.org",
    "a\x00@example.org",
    "ü@ëxample.org",
    "a@xn--.nl",
    '"a b"@example.org',
    "a@[127.0.0.1]",
    "a@example.org\r\nBcc: b@example.org",
)

NASTY_PHONES = (
    "+",
    "++31",
    "0" * 40,
    "+31 6 1234 5678 9999",
    "06-\x00",
    "\u0660\u0666" + "\u0661" * 8,  # Arabic-Indic digits
    "tel:112",
)

NASTY_POSTCODES = ("0000AA", "9999ZZ", "1234 aa", "1234", "AAAA12", "1234\x00AB", "12345AB")

NASTY_TOKENS = ("", "geen-uuid", "0" * 500, "a:b:c", "\x00", "..", "%2e%2e")


def _encodable(text: str) -> str | bytes:
    try:
        text.encode()
    except UnicodeEncodeError:  # lone surrogates: sent as the bytes a broken client would send
        return text.encode("utf-8", "surrogatepass")
    return text


any_text = st.text(st.characters(codec=None), max_size=60).map(_encodable)
nasty_text = st.sampled_from(NASTY_TEXT)
nasty_bytes = st.sampled_from(NASTY_BYTES)
numbers = st.one_of(
    st.sampled_from(NASTY_NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


#: Text fields whose name says what they hold: the hostile values of that kind too.
BY_NAME = {
    "postcode": NASTY_POSTCODES,
    "phone": NASTY_PHONES,
    "email": NASTY_EMAILS,
    "date": NASTY_DATES,
    "_on": NASTY_DATES,
    "token": NASTY_TOKENS,
}


def for_field(kind: str, options: tuple[str, ...] = (), name: str = "") -> st.SearchStrategy:
    """Hostile values for one form field, by its kind (input type, select, textarea)."""
    common = st.one_of(nasty_text, nasty_bytes, any_text)
    hints = [st.sampled_from(v) for k, v in BY_NAME.items() if k in name.lower()]
    typed = {
        "number": numbers,
        "date": st.sampled_from(NASTY_DATES),
        "datetime-local": st.sampled_from(NASTY_DATES),
        "time": st.sampled_from(("25:00", "12:60", "-1:00", "noon", "12:00:00.0000001")),
        "email": st.sampled_from(NASTY_EMAILS),
        "tel": st.sampled_from(NASTY_PHONES),
        "hidden": st.one_of(st.sampled_from(NASTY_TOKENS), numbers),
        "checkbox": st.sampled_from(("on", "off", "", "1", "\x00")),
        "radio": st.sampled_from(("", "\x00", "onbekend")),
        "password": st.sampled_from(("", "x", "\x00" * 8, "a" * 5000)),
    }.get(kind)
    parts = [*hints, common, numbers, st.sampled_from(NASTY_DATES)]
    if typed is not None:
        parts.insert(0, typed)
    if options:
        real = st.sampled_from(options)
        parts.insert(0, real)
        parts.insert(0, real.map(lambda v: v + "\x00"))
        parts.insert(0, real.map(lambda v: str(v) + "9" * 20))
    return st.one_of(*parts)


def field_values(f) -> st.SearchStrategy:
    """One field's values: usually one, sometimes none or several (a repeated key)."""
    one = for_field(f.kind, f.options, f.name)
    return st.one_of(one.map(lambda v: [v]), st.lists(one, min_size=0, max_size=4))


def encode(pairs: list[tuple[str, str | bytes]]) -> str:
    """A query string or form body, byte for byte as given (no re-encoding of bytes)."""

    def part(v: str | bytes) -> str:
        return quote_plus(v if isinstance(v, bytes) else v.encode("utf-8"))

    return "&".join(f"{part(k)}={part(v)}" for k, v in pairs)


@st.composite
def body(draw, fields: dict, extra_names: tuple[str, ...]) -> list[tuple[str, str | bytes]]:
    """A form body or query string: for each known field, hostile or missing or repeated."""
    pairs: list[tuple[str, str | bytes]] = []
    for name, f in fields.items():
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing field (a one-time token, a required value)
        if draw(st.integers(0, 2)) == 0 and f.options:
            pairs.append((name, f.options[0]))  # a plausible value: lets other checks run
            continue
        for value in draw(field_values(f)):
            pairs.append((name, value))
    for name in draw(st.lists(st.sampled_from(extra_names), max_size=3)):
        pairs.append((name, draw(for_field("text"))))
    if draw(st.booleans()):
        pairs.append((draw(st.one_of(nasty_text, any_text)), draw(nasty_text)))
    return pairs


def path_value(converter: str) -> st.SearchStrategy:
    """Hostile values for a path parameter, by its converter."""
    if converter == "int":
        return st.one_of(
            st.sampled_from(("0", str(BIGINT - 1), str(BIGINT), str(2**64), str(10**30))),
            st.integers(min_value=0, max_value=10**40).map(str),
            st.sampled_from(("-1", "1.0", "abc", "\u0661", "%00")),  # cannot match: a 404
        )
    return st.one_of(
        st.sampled_from(NASTY_TEXT[:-2] + NASTY_TOKENS + ("x" * 3000,)),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=40),
        numbers,
    )
