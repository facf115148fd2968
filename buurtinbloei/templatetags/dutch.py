from django import template

from buurtinbloei.phone import format_phone

register = template.Library()


@register.filter
def dutch_phone(value: str | None) -> str:
    """``{{ resident.phone|dutch_phone }}``: +31612345678 shown as 06-12345678."""
    return format_phone(value) if value else ""
