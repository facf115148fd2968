"""Running examples from a clean, known state, and the checks every example makes."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from .strategies import EXTRA, body, encode, path_value
from .targets import Target, client_as, fill_path, path_params


def run_examples(check: Callable[[st.DataObject], None]) -> None:
    """Run ``check`` for as many examples as the profile asks, each rolled back afterwards.

    The test's personas and objects are made once, before the first example; an example's
    writes (a sign-up, a logout that deletes its session, a rate-limit counter) are undone
    before the next, so each one starts from the same state.
    """

    @given(st.data())
    def example(data: st.DataObject) -> None:
        cache.clear()
        with transaction.atomic():
            try:
                check(data)
            finally:
                transaction.set_rollback(True)

    example()


def _persona(data: st.DataObject, target: Target, who: str | None) -> str:
    return data.draw(st.sampled_from(sorted({who or target.get_as, "anonymous"})), label="as")


def _answer(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


def query_check(targets: list[Target], cookies: dict) -> Callable[[st.DataObject], None]:
    """GET each URL with a hostile query string (its filters, paging, anything else)."""

    def check(data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(targets), label="url")
        persona = _persona(data, target, target.get_as)
        query = encode(data.draw(body(target.query, EXTRA), label="query"))
        headers = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
        response = client_as(cookies[persona]).get(f"{target.url}?{query}", **headers)
        _answer(response, f"GET {target.url}?{query[:300]} as {persona}")

    return check


def path_check(targets: list[Target], cookies: dict) -> Callable[[st.DataObject], None]:
    """GET or POST each URL with hostile values in place of its ids, slugs and tokens."""
    targets = [t for t in targets if path_params(t.route)]

    def check(data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(targets), label="url")
        values = {}
        for name, converter in path_params(target.route).items():
            real = str(target.kwargs.get(name, ""))
            values[name] = data.draw(st.one_of(st.just(real), path_value(converter)), label=name)
        path = fill_path(target.route, values)
        method = data.draw(st.sampled_from(("get", "post")), label="method")
        persona = _persona(data, target, target.get_as if method == "get" else target.post_as)
        response = getattr(client_as(cookies[persona]), method)(path)
        _answer(response, f"{method.upper()} {path[:300]} as {persona}")

    return check


def form_check(targets: list[Target], cookies: dict) -> Callable[[st.DataObject], None]:
    """POST hostile bodies, built from the fields of each form, as the persona allowed."""
    targets = [t for t in targets if t.post_as is not None]

    def check(data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(targets), label="url")
        persona = _persona(data, target, target.post_as)
        form = encode(data.draw(body(target.fields, EXTRA), label="body"))
        headers = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
        response = client_as(cookies[persona]).post(
            target.url, form, content_type="application/x-www-form-urlencoded", **headers
        )
        _answer(response, f"POST {target.url} {form[:300]!r} as {persona}")

    return check
