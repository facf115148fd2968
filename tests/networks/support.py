"""What the networks tests share: buurten of the persona wijkteams, a filled-in sign-up form."""

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


def signup_data(*, seconds_ago: float = 60, **changes) -> dict:
    """A valid organisation sign-up as a person sends it: started a minute ago, fresh token
    (the start time is signed together with the token, as the form does)."""
    token = changes.pop("token", None) or str(uuid.uuid4())
    data = {
        "name": "Speeltuin De Vlinder",
        "kind": "association",
        "description": "Een speeltuin met een kantine.",
        "web_address": "",
        "address": "Vlinderlaan 3",
        "postcode": "",
        "buurt": str(own_buurt().pk),
        "contact_name": "Sanne de Boer",
        "contact_phone": "06-12345678",
        "contact_email": "",
        "place_title": "Kantinedienst op woensdag",
        "place_kind": "volunteering",
        "place_description": "Koffie schenken en een praatje maken.",
        "places": "2",
        "wants_room": "",
        "wants_help": "on",
        "request_note": "We zoeken ook iemand voor de moestuin.",
        "consent": "on",
        "website": "",
        "started": sign_started(token, time.time() - seconds_ago),
        "token": token,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in (None, "")}
