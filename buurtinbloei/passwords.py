"""Refuse passwords that are a common password dressed up (NIST SP 800-63B, BIO).

Django's ``CommonPasswordValidator`` knows 20,000 common passwords exactly as typed, mostly
English. Breached-password lists are full of the same words with digits or a sign around
them and letters swapped for look-alikes (``Wachtw00rd!2024``). This validator takes those
off and checks what remains against Django's list and a short Dutch one. There are no
composition rules: a long passphrase of ordinary words is the best password there is.
"""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Dutch and local words that breached-password lists show with digits around them.
DUTCH_COMMON = frozenset(
    {
        "wachtwoord",
        "welkom",
        "welkom01",
        "geheim",
        "paswoord",
        "wachtwoordje",
        "eindhoven",
        "psv",
        "psveindhoven",
        "buurtinbloei",
        "wijeindhoven",
        "wij",
        "voorjaar",
        "zomer",
        "herfst",
        "winter",
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
        "hallo",
        "hoi",
        "qwerty",
        "azerty",
        "abcdef",
    }
)
LOOK_ALIKES = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


class CommonPatternValidator:
    def __init__(self) -> None:
        self.common = CommonPasswordValidator().passwords | DUTCH_COMMON

    def bases(self, password: str) -> set[str]:
        lowered = password.lower().strip()
        stripped = EDGES.sub("", lowered)
        swapped = EDGES.sub("", stripped.translate(LOOK_ALIKES))
        return {base for base in (lowered, stripped, swapped) if base}

    def validate(self, password: str, user=None) -> None:
        if any(base in self.common for base in self.bases(password)):
            raise ValidationError(
                _(
                    "Dit wachtwoord lijkt te veel op een veelgebruikt wachtwoord. Kies "
                    "bijvoorbeeld een zin van een paar gewone woorden."
                ),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Je wachtwoord mag niet lijken op een veelgebruikt wachtwoord.")
