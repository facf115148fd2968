from django import template

from buurtinbloei.forms import style_widgets

register = template.Library()


@register.filter
def nlds(form):
    """Style a form we did not write (allauth's) the NL Design System way."""
    return style_widgets(form)
