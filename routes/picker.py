"""The neighbour picker of a landing route's form: the buddy and the group's residents are
searched by name among the resident's own buurt, never listed in full (a buurt can have
thousands). The form (forms.py) and the search view (views/staff.py) share these rules."""

from __future__ import annotations

from talents.models import Resident, ResidentStatus

#: The search answers with this many neighbours at most.
PICK_ROWS = 10
#: The search starts from this many typed characters.
PICK_MIN_CHARS = 2
#: The two pickers on the form: field name -> the name of its search box.
PICKERS = {"buddy": "buddy_q", "group_residents": "group_q"}


def neighbours_of(user, resident: Resident):
    """Residents of the resident's own buurt the user may change, not the resident themself."""
    if resident.buurt_id is None:
        return Resident.objects.none()
    return (
        Resident.objects.editable_by(user)
        .filter(buurt_id=resident.buurt_id)
        .exclude(pk=resident.pk)
        .exclude(status=ResidentStatus.ANONYMISED)
        .only("pk", "first_name", "last_name")
    )


def chosen_ids(values) -> list[int]:
    """The posted ids that look like ids (the rest is ignored here; the form refuses it)."""
    ids = []
    for value in values:
        value = str(value or "")
        if value.isdigit() and len(value) < 12 and int(value) not in ids:
            ids.append(int(value))
    return ids[:50]


def pick(neighbours, *, q: str, chosen: list[int]) -> dict:
    """The chosen neighbours (kept on every search) and up to PICK_ROWS others matching q."""
    q = (q or "").strip()[:100]
    kept = list(neighbours.filter(pk__in=chosen).order_by("first_name", "last_name", "pk"))
    rows: list = []
    searched = len(q) >= PICK_MIN_CHARS
    if searched:
        rows = list(
            neighbours.exclude(pk__in=chosen)
            .search(q)
            .order_by("first_name", "last_name", "pk")[: PICK_ROWS + 1]
        )
    return {
        "q": q,
        "chosen": kept,
        "found": rows[:PICK_ROWS],
        "more": len(rows) > PICK_ROWS,
        "searched": searched,
    }
