"""Every URL pattern of the project, for the tests that must cover all of them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "namespace:<path>" for an unnamed pattern
    pattern: str
    params: tuple[str, ...]


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str, params: tuple[str, ...]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(
                    p.url_patterns,
                    prefix + str(p.pattern),
                    ns,
                    params + tuple(p.pattern.regex.groupindex),
                )
            elif isinstance(p, URLPattern):
                # Unnamed patterns (the admin's legacy redirects) are known by their path.
                local = p.name or f"<{prefix}{p.pattern}>"
                name = f"{namespace}:{local}" if namespace else local
                routes.append(
                    Route(name, prefix + str(p.pattern), params + tuple(p.pattern.regex.groupindex))
                )

    walk(get_resolver().url_patterns, "", "", ())
    return routes


def build_url(route: Route, kwargs: dict) -> str:
    """The URL of a route with the given parameters, named or not."""
    if "<" not in route.name:
        from django.urls import reverse

        return reverse(route.name, kwargs=kwargs)

    def fill(match: re.Match) -> str:
        return str(kwargs[match[1] or match[2]])

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", fill, route.pattern)
    return "/" + path.replace("^", "").replace("$", "")
