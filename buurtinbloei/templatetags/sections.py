"""``{% sections obj %}``: the sections other apps add to this object's page (registry.Section)."""

from django import template

from buurtinbloei.registry import sections_for

register = template.Library()


@register.inclusion_tag("includes/sections.html", takes_context=True)
def sections(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"sections": sections_for(user, obj) if user is not None else []}
