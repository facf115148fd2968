"""What the sign-up and inbox tests share: a filled-in form, and buurten of both wijkteams."""

from __future__ import annotations

import time
import uuid

from buurtinbloei.models import Buurt
from buurtinbloei.public_forms import sign_started
from tests.conftest import OTHER_WIJKTEAM, OWN_WIJKTEAM


def own_buurt() -> Buurt:
    return Buurt.objects.filter(wijk__wijkteam__slug=OWN_WIJKTEAM).order_by("pk").first()


def other_buurt() -> Buurt:
    return Buurt.objects.filter(wijk__wijkteam__slug=OTHER_WIJKTEAM).order_by("pk").first()


def form_data(*, seconds_ago: float = 60, **changes) -> dict:
    """A valid sign-up as a person sends it: a fresh token, its form shown a minute ago."""
    token = str(changes.pop("token", uuid.uuid4()))
    data = {
        "wants_to_give": "on",
        "first_name": "Fatima",
        "phone": "06-12345678",
        "email": "",
        "postcode": "",
        "buurt": str(own_buurt().pk),
        "talents_other": "",
        "help_wanted": "",
        "help_theme": "",
        "preferred_language": "Nederlands",
        "consent": "on",
        "website": "",
        "started": sign_started(token, time.time() - seconds_ago),
        "token": token,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
