"""The access policy: the one way code fetches rows for a user, at three levels.

Every model whose rows belong to a wijkteam gets a :class:`ScopedQuerySet` (its *policy*),
which names the path from a row to its wijkteam and the permissions
(:mod:`buurtinbloei.permissions`) that read and change it. Nothing else decides access:

- ``visible_to(user)``: rows the user may read in full. Anything else does not exist for them
  (404), so no page can leak that it does.
- ``editable_by(user)``: rows the user may change. A readable row that is not editable answers
  403 on a change (:func:`get_object_for_user` with ``for_change=True``).
- ``discoverable_by(user)``: rows from *outside* the user's scope that may be shown in a
  reduced form, for matching across wijkteams. It returns dictionaries with only the fields the
  policy lists in ``discoverable_fields``, so no template can print more than the query fetched.

Scope per permission: ``see_whole_city`` reads every wijkteam, ``work_in_wijkteams`` reads and
changes the user's own wijkteams, anyone else sees only what a policy gives them in
:meth:`ScopedQuerySet.visible_to_outsiders` (a partner's own referrals, for instance).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.shortcuts import get_object_or_404

from .permissions import Perm, may

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class ScopedQuerySet(models.QuerySet):
    #: Lookup path from the model to its Wijkteam ("" when the model is Wijkteam itself).
    wijkteam_path: str | None = None
    #: The permission that reads rows at all; None: every role that works with wijkteams.
    read_permission: Perm | None = None
    #: The permission that changes rows (inside the user's scope); None: nobody, here.
    change_permission: Perm | None = None
    #: Output name -> lookup of what a reduced cross-wijkteam view may fetch; empty: nothing.
    discoverable_fields: dict[str, str] = {}

    @classmethod
    def as_manager(cls, *, wijkteam_path: str | None = None, **policy):  # type: ignore[override]
        if wijkteam_path is None and cls.wijkteam_path is None:
            raise TypeError(f"{cls.__name__} needs a wijkteam_path")
        if wijkteam_path is not None:
            policy["wijkteam_path"] = wijkteam_path
        if policy:
            cls = type(cls.__name__, (cls,), policy)
        return super().as_manager()

    # --- the three levels ----------------------------------------------------------------------

    def visible_to(self, user: Any | AnonymousUser) -> ScopedQuerySet:
        granted = may(user)
        if self.read_permission is not None and self.read_permission not in granted:
            return self.visible_to_outsiders(user)
        if Perm.SEE_WHOLE_CITY in granted:
            return self.all()
        if Perm.WORK_IN_WIJKTEAMS in granted:
            return self.in_wijkteams(user.wijkteam_ids)
        return self.visible_to_outsiders(user)

    def editable_by(self, user: Any | AnonymousUser) -> ScopedQuerySet:
        granted = may(user)
        if self.change_permission is None or self.change_permission not in granted:
            return self.none()
        if Perm.SEE_WHOLE_CITY in granted:
            return self.all()
        if Perm.WORK_IN_WIJKTEAMS in granted:
            return self.in_wijkteams(user.wijkteam_ids)
        return self.none()

    def discoverable_by(self, user: Any | AnonymousUser) -> models.QuerySet:
        """Rows outside the user's own scope, reduced to ``discoverable_fields`` (dicts)."""
        granted = may(user)
        plain = [name for name, lookup in self.discoverable_fields.items() if name == lookup]
        renamed = {n: F(lookup) for n, lookup in self.discoverable_fields.items() if n != lookup}
        if not self.discoverable_fields or Perm.DISCOVER_ACROSS_WIJKTEAMS not in granted:
            return self.none().values(*plain, **renamed)
        rows = self.discoverable_rows().exclude(self.scope_q(user.wijkteam_ids))
        return rows.values(*plain, **renamed)

    # --- what a policy may refine ---------------------------------------------------------------

    def scope_q(self, wijkteam_ids) -> Q:
        """The condition "belongs to one of these wijkteams"."""
        lookup = f"{self.wijkteam_path}__in" if self.wijkteam_path else "pk__in"
        return Q(**{lookup: list(wijkteam_ids)})

    def in_wijkteams(self, wijkteam_ids) -> ScopedQuerySet:
        qs = self.filter(self.scope_q(wijkteam_ids))
        # A path through a many-to-many or reverse relation can repeat rows.
        return qs.distinct() if self._crosses_many() else qs

    def visible_to_outsiders(self, user) -> ScopedQuerySet:
        """Rows for users without a wijkteam scope (partners): none, unless a policy says so."""
        return self.none()

    def discoverable_rows(self) -> ScopedQuerySet:
        """Rows that may be discovered at all (a policy leaves out anonymised people, say)."""
        return self.all()

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


def get_object_for_user(
    queryset_or_model, user, *, for_change: bool = False, **lookup
) -> models.Model:
    """Fetch one object the user may see, or answer 404 (never 403 with details).

    With ``for_change`` the user must also be allowed to change it: a row they may read but not
    change answers 403 (one query either way).
    """
    queryset = (
        queryset_or_model
        if isinstance(queryset_or_model, models.QuerySet)
        else queryset_or_model._default_manager.all()
    )
    visible = queryset.visible_to(user)
    if not for_change:
        return get_object_or_404(visible, **lookup)
    editable = queryset.editable_by(user)
    if editable.query.is_empty():
        get_object_or_404(visible, **lookup)
        raise PermissionDenied
    obj = get_object_or_404(
        visible.annotate(_editable=Exists(editable.filter(pk=OuterRef("pk")))), **lookup
    )
    if not obj._editable:
        raise PermissionDenied
    return obj
