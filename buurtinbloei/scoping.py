"""The one way views fetch objects for a user.

Every model with rows that belong to a wijkteam uses :class:`ScopedQuerySet` and names the path
from itself to its wijkteam; views then call ``Model.objects.visible_to(request.user)`` or
:func:`get_object_for_user`. Anything outside the user's scope simply does not exist for them
(404), so no page can leak that it does.

Scope per role (DESIGN.md): beheerders and coördinatoren see every wijkteam, verbinders the
wijkteams they belong to, partners and anonymous users nothing, unless a model widens that by
overriding :meth:`ScopedQuerySet.visible_to_partner` (a partner's own referrals, for instance).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class ScopedQuerySet(models.QuerySet):
    #: Lookup path from the model to its Wijkteam ("" when the model is Wijkteam itself).
    wijkteam_path: str | None = None

    @classmethod
    def as_manager(cls, *, wijkteam_path: str | None = None):  # type: ignore[override]
        if wijkteam_path is None and cls.wijkteam_path is None:
            raise TypeError(f"{cls.__name__} needs a wijkteam_path")
        if wijkteam_path is not None:
            cls = type(cls.__name__, (cls,), {"wijkteam_path": wijkteam_path})
        return super().as_manager()

    def _wijkteam_lookup(self) -> str:
        return f"{self.wijkteam_path}__in" if self.wijkteam_path else "pk__in"

    def visible_to(self, user: Any | AnonymousUser) -> ScopedQuerySet:
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.sees_whole_city:
            return self.all()
        if user.is_verbinder:
            return self.in_wijkteams(user.wijkteam_ids)
        if user.is_partner:
            return self.visible_to_partner(user)
        return self.none()

    def in_wijkteams(self, wijkteam_ids) -> ScopedQuerySet:
        qs = self.filter(**{self._wijkteam_lookup(): list(wijkteam_ids)})
        # A path through a many-to-many or reverse relation can repeat rows.
        return qs.distinct() if self._crosses_many() else qs

    def visible_to_partner(self, user) -> ScopedQuerySet:
        return self.none()

    def _crosses_many(self) -> bool:
        if not self.wijkteam_path:
            return False
        opts = self.model._meta
        for name in self.wijkteam_path.split("__"):
            field = opts.get_field(name)
            if field.many_to_many or field.one_to_many:
                return True
            if field.related_model is None:
                return False
            opts = field.related_model._meta
        return False


def get_object_for_user(queryset_or_model, user, **lookup) -> models.Model:
    """Fetch one object the user may see, or answer 404 (never 403 with details)."""
    queryset = (
        queryset_or_model
        if isinstance(queryset_or_model, models.QuerySet)
        else queryset_or_model._default_manager.all()
    )
    return get_object_or_404(queryset.visible_to(user), **lookup)
