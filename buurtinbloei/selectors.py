"""Look-ups every app needs: the buurten a user works in, and the verbinders they work with."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Buurt, User, Wijkteam
from .permissions import Perm, users_with


def buurten_for(user) -> QuerySet[Buurt]:
    """The buurten a user works in: a verbinder only picks buurten of their own wijkteams."""
    wijkteams = Wijkteam.objects.visible_to(user)
    return (
        Buurt.objects.filter(wijk__wijkteam__in=wijkteams).select_related("wijk").order_by("name")
    )


def verbinders_for(user) -> QuerySet[User]:
    """Active verbinders of the user's wijkteams (every verbinder for city-wide roles)."""
    qs = users_with(Perm.CHANGE_RESIDENTS).filter(is_active=True)
    if not user.may.see_whole_city:
        qs = qs.filter(wijkteams__in=user.wijkteam_ids).distinct()
    return qs.order_by("first_name", "last_name", "email")
