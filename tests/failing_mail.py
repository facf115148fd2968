"""An e-mail backend for tests that behaves like an unreachable SMTP server."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        if not self.fail_silently:
            raise ConnectionRefusedError(111, "Connection refused")
        return 0
