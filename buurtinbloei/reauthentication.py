"""Ask for the password again before a grave step (a resident's access export, an erasure).

allauth keeps a record of each authentication in the session (the login, and every
reauthentication). A view calling :func:`ensure_recently_authenticated` goes on only when the
latest of them is younger than ``max_age`` seconds; otherwise allauth's own reauthentication
flow asks for the password (or the authenticator code), keeps a POST that was sent, and carries
it out right after. The ``/beheer/`` role changes use allauth's own timeout (five minutes).
"""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired

#: Exports and erasure: ten minutes (issue 13).
RIGHTS_MAX_AGE = 10 * 60


def authenticated_within(request, max_age: int) -> bool:
    """Did the user log in or give the password again in the last ``max_age`` seconds?"""
    records = get_authentication_records(request, request.user)
    latest = max((r.get("at", 0) for r in records), default=0)
    return time.time() - latest < max_age


def ensure_recently_authenticated(request, max_age: int = RIGHTS_MAX_AGE) -> None:
    """Call it after the object's scope check (404 and 403 answer first); allauth's middleware
    turns the exception into its reauthentication page and resumes the request afterwards."""
    if not authenticated_within(request, max_age):
        raise ReauthenticationRequired()
