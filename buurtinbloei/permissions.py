"""Role checks for pages (objects go through :mod:`buurtinbloei.scoping`)."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(*roles: str):
    """Answer 403 to a signed-in user whose role may not use this page at all."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
