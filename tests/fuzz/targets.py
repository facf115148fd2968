"""What the fuzz tests aim at: every URL pattern, as the personas of tests/access.py.

A :class:`Target` is one URL pattern with its objects made (the matrix row's ``kwargs``), the
personas to send requests as (the one the row lets in, and anonymous), and the names of the
fields its pages show: the inputs of every form the GET renders (filter forms included, so the
query parameters a list view reads are fuzzed by their own names) and the body the matrix row
posts. A new URL pattern is a new target as soon as it has a row in tests/access.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from tests.access import PERSONAS, Row, request_for, row_for
from tests.conftest import client_for
from tests.urls import Route, all_routes

#: Who to ask first for a page: anonymous when a page is public, then the roles that have pages.
PREFERENCE = ("anonymous", "verbinder", "beheerder", "partner", "coordinator", "other_verbinder")


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, "select", "select-multiple" or "textarea"
    options: tuple[str, ...] = ()


@dataclass
class Target:
    route: Route
    row: Row
    url: str
    kwargs: dict
    get_as: str  # the persona that reads the page
    post_as: str | None  # the persona that may post to it, None when nobody may
    fields: dict[str, Field] = field(default_factory=dict)  # the forms' fields, by name
    query: dict[str, Field] = field(default_factory=dict)  # GET forms' fields (filters)

    @property
    def name(self) -> str:
        return self.route.name

    def __repr__(self) -> str:  # what a failing example prints
        return f"<{self.route.name} {self.url} as {self.get_as}/{self.post_as}>"


class _Page(HTMLParser):
    """The forms of a page (method, action, named inputs) and the links to itself with a
    query (filters, sorting, paging, a first step's choice)."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[tuple[str, str, dict[str, Field]]] = []
        self.links: dict[str, Field] = {}  # "?name=value" links: filters, sorting, paging
        self.link_queries: list[str] = []
        self._fields: dict[str, Field] = {}  # of the form being read, or of no form
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._fields = {}
            self.forms.append(
                ((a.get("method") or "get").lower(), a.get("action") or "", self._fields)
            )
        elif tag in ("input", "textarea", "select", "button") and a.get("name"):
            kind = (a.get("type") or "text").lower() if tag in ("input", "button") else tag
            if tag == "select" and "multiple" in a:
                kind = "select-multiple"
            f = self._fields.setdefault(a["name"], Field(a["name"], kind))
            if a.get("value") and a["value"] not in f.options:
                f.options += (a["value"],)
            self._select = f if tag == "select" else None
        elif tag == "option" and self._select is not None and a.get("value") is not None:
            self._select.options += (a["value"],)
        elif (
            tag == "a"
            and (href := urlsplit(a.get("href") or "")).query
            and (href.path in ("", self.url))
        ):
            self.link_queries.append(href.query)
            for name, value in parse_qsl(href.query, keep_blank_values=True):
                known = self.links.setdefault(name, Field(name, "text"))
                if value not in known.options:
                    known.options += (value,)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._fields = {}


def _route_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name if match.url_name else None


def _persona_for(answers: tuple[int, ...], *, success: tuple[int, ...]) -> str | None:
    codes = dict(zip(PERSONAS, answers, strict=True))
    for code in success:
        for name in PREFERENCE:
            if codes[name] == code and not (name == "anonymous" and code == 302):
                return name
    return None


def fuzzable_routes() -> list[Route]:
    """Every URL pattern: each has a row in tests/access.py (test_access_matrix.py sees to it)."""
    return [route for route in all_routes() if row_for(route.name) is not None]


def build_targets(routes: list[Route], personas) -> list[Target]:
    """Make the objects of each route once, and read the fields of the pages they show.

    A form's fields go to the URL it posts to (its ``action``), wherever it is shown: the
    conversation form on the resident page is fuzzed at "Gesprek vastleggen". A page's GET
    forms and "?..." links give its query parameters; the first pages those links lead to
    are read too (the sign-up's second step).
    """
    users = personas.as_dict()
    targets, forms = [], {}
    for route in routes:
        url, row, data, objs = request_for(route, personas)
        get_as = _persona_for(row.get, success=(200,)) or "anonymous"
        post_as = _persona_for(row.post, success=(200, 302))
        target = Target(route, row, url, objs["kwargs"], get_as, post_as)
        targets.append(target)
        for name, value in data.items():
            target.fields.setdefault(name, Field(name, "text", (str(value),)))
        if row.get[PERSONAS.index(get_as)] != 200:
            continue
        client = client_for(users[get_as])
        page = _read(client, url)
        pages = [page] + [_read(client, f"{url}?{q}") for q in page.link_queries[:2]]
        for one in pages:
            for name, f in one.links.items():
                target.query.setdefault(name, f)
            for method, action, fields in one.forms:
                if method == "get" and action in ("", url):
                    for name, f in fields.items():
                        target.query.setdefault(name, f)
                elif method == "post":
                    forms.setdefault(_route_name(action) if action else route.name, []).append(
                        fields
                    )
    for target in targets:
        for fields in forms.get(target.name, []):
            for name, f in fields.items():
                target.fields.setdefault(name, f)
    return targets


def _read(client: Client, url: str) -> _Page:
    page = _Page(urlsplit(url).path)
    response = client.get(url)
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        page.feed(response.content.decode())
    return page


def session_cookies(personas) -> dict[str, str | None]:
    """A signed-in session per persona, made once: each example starts a client with it."""
    cookies: dict[str, str | None] = {}
    for name, user in personas.as_dict().items():
        client = client_for(user)
        morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
        cookies[name] = morsel.value if morsel is not None else None
    return cookies


def client_as(cookie: str | None) -> Client:
    """A client that raises whatever the view raised, instead of a 500 page."""
    client = Client(raise_request_exception=True)
    if cookie is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


_PARAM = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:(\w+):)?(\w+)>")


def path_params(route: Route) -> dict[str, str]:
    """The route's path parameters and their converters ("int", "str", "slug", "path", "re")."""
    return {
        m[1] or m[3]: ("re" if m[1] else (m[2] or "str")) for m in _PARAM.finditer(route.pattern)
    }


def fill_path(route: Route, values: dict[str, str]) -> str:
    """The route's path with these raw values, percent-encoded, in place of its parameters."""

    def fill(m: re.Match) -> str:
        return quote(values[m[1] or m[3]], safe="")

    path = _PARAM.sub(fill, route.pattern)
    return "/" + path.replace("^", "").replace("$", "")
