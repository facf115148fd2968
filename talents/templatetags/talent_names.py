"""``{% talent_name talent %}``: a talent's name in the interface's language.

In the English interface a talent with an English name shows it; one without (a verbinder's
new proposal) stays Dutch and says so with ``lang="nl"``, so a screen reader pronounces it as
Dutch (WCAG 3.1.2, language of parts).
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def talent_name(talent) -> str:
    if (get_language() or "").startswith("en") and not talent.in_english:
        return format_html('<span lang="nl">{}</span>', talent.name)
    return talent.display_name
