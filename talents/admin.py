"""The Django admin for the talents app (beheerders only, /beheer/)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Talent
from .services import talent_merge


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Samenvoegen tot"),
        queryset=Talent.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )


@admin.register(Talent)
class TalentAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "approved", "common", "proposed_by", "resident_count"]
    list_editable = ["category", "approved", "common"]
    list_filter = ["approved", "common", "category"]
    search_fields = ["name"]
    readonly_fields = ["proposed_by", "created_at"]
    fields = ["name", "category", "approved", "common", "proposed_by", "created_at"]
    actions = ["approve", "merge"]
    ordering = ["approved", "name"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("proposed_by")
        return qs.annotate(resident_count=Count("resident_links", distinct=True))

    @admin.display(description=_("inwoners"), ordering="resident_count")
    def resident_count(self, obj: Talent) -> int:
        return obj.resident_count

    @admin.action(description=_("Geselecteerde talenten goedkeuren"))
    def approve(self, request, queryset) -> None:
        count = queryset.filter(approved=False).update(approved=True)
        self.message_user(
            request,
            ngettext("%(count)d talent goedgekeurd.", "%(count)d talenten goedgekeurd.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Geselecteerde talenten samenvoegen"))
    def merge(self, request, queryset):
        """Ask which talent stays; then move every link of the others to it."""
        if queryset.count() < 2:
            self.message_user(
                request, _("Kies minstens twee talenten om samen te voegen."), messages.WARNING
            )
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None)
        form.fields["target"].queryset = queryset
        if form.is_valid():
            target = form.cleaned_data["target"]
            for source in queryset.exclude(pk=target.pk):
                talent_merge(source=source, target=target, by=request.user, request=request)
            self.message_user(
                request,
                _("Samengevoegd tot “%(name)s”.") % {"name": target.name},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Talenten samenvoegen"),
            "opts": self.model._meta,
            "form": form,
            "talents": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/talents/talent/merge.html", context)
