"""Dutch phone numbers, written the many ways people write them, stored one way (+31...).

Residents type "06-12345678", "06 1234 5678", "+31 (0)6 12345678" or "0031 40 1234567"; all
of them are stored as ``+31612345678`` so that finding a resident by phone finds them however
the number was written. Numbers from abroad are kept in the same international form.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-.()/]")
_DIGITS = re.compile(r"^\+?[0-9]+$")


def normalise_phone(value: str) -> str | None:
    """``+31612345678`` for any way of writing a Dutch number; None when it is not a number."""
    compact = _SEPARATORS.sub("", value.replace("(0)", ""))
    if not compact or not _DIGITS.match(compact):
        return None
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+31"):
        national = compact[3:]
    elif compact.startswith("+"):
        # A number from abroad: E.164 allows at most 15 digits after the +.
        return compact if 8 <= len(compact) - 1 <= 15 else None
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        return None
    # A Dutch number has nine digits after the 0 (or after +31), and never starts with 0 there.
    if len(national) != 9 or national.startswith("0"):
        return None
    return "+31" + national


def phone_variants(normalised: str) -> list[str]:
    """The ways a stored number may have been written, for finding likely duplicates."""
    variants = [normalised]
    if normalised.startswith("+31"):
        variants.append("0" + normalised[3:])
    return variants


# Area codes of three digits (0 included); every other Dutch landline has four (0499-123456).
_SHORT_AREA_CODES = frozenset(
    {
        "010",
        "013",
        "015",
        "020",
        "023",
        "024",
        "026",
        "030",
        "033",
        "035",
        "036",
        "038",
        "040",
        "043",
        "045",
        "046",
        "050",
        "053",
        "055",
        "058",
        "070",
        "071",
        "072",
        "073",
        "074",
        "075",
        "076",
        "077",
        "078",
        "079",
        "085",
        "088",
        "091",
    }
)


def format_phone(stored: str) -> str:
    """A stored number (+31612345678) the way people in the Netherlands write it: 06-12345678,
    040-1234567, 0499-123456. Numbers from abroad and anything unexpected stay as they are."""
    if not (stored.startswith("+31") and len(stored) == 12 and stored[1:].isdigit()):
        return stored
    national = "0" + stored[3:]
    if national.startswith("06"):
        return f"{national[:2]}-{national[2:]}"
    split = 3 if national[:3] in _SHORT_AREA_CODES else 4
    return f"{national[:split]}-{national[split:]}"
