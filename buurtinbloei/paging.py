"""Pagination that stays cheap at city scale.

Counting every match of a broad filter over 250,000 residents and jumping to page 4,000 both
make PostgreSQL read (and sort) everything; nobody browses that deep. A :class:`CappedPaginator`
counts at most ``cap`` rows (``COUNT(*)`` over a ``LIMIT cap + 1`` subquery) and serves pages up
to the cap; the page says "more than ..." and asks for a narrower search.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

#: Rows a list counts and pages through at most (40 pages of 25).
CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = CAP if cap is None else cap

    @cached_property
    def found(self) -> int:
        """How many rows there are, counted up to one past the cap (unordered, ids only, so
        the database stops at the first ``cap + 1`` rows it finds)."""
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.found > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)
