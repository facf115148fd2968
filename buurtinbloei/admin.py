# allauth.mfa's own admin shows and edits the authenticators' secrets; import it first so that
# its registration can be replaced below (the admin would import it later otherwise).
import allauth.mfa.admin  # noqa: F401
from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import audit
from .accounts import mark_address_verified
from .admin_widgets import SafeAutocompleteMixin
from .models import (
    AuditEvent,
    Buurt,
    JobRun,
    MailStatus,
    OutgoingMail,
    PostcodeArea,
    Stadsdeel,
    User,
    Wijk,
    Wijkteam,
    normalise_postcode,
)

# Roles (User.role) replace Django's groups; one mechanism is enough.
admin.site.unregister(Group)


# Who may do what: every change of these is audited, and asks for the password again.
ACCESS_FIELDS = ("role", "wijkteams", "is_active")
ROLE_CHANGE = "role_change"


def access_snapshot(user: User) -> dict:
    """A user's access as codes and ids (the audit log holds no personal data)."""
    return {
        "role": user.role,
        "wijkteams": sorted(user.wijkteams.values_list("pk", flat=True)),
        "is_active": user.is_active,
    }


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "wijkteams"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["wijkteams"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["first_name", "last_name", "organisation_name"]}),
        (_("Rol en wijkteams"), {"fields": ["role", "wijkteams", "is_active"]}),
        (_("Datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "role",
                    "wijkteams",
                    "password1",
                    "password2",
                ]
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["send_invitation"]

    def get_readonly_fields(self, request, obj=None):
        # Nobody changes their own access: another beheerder must (it is audited either way).
        if obj is not None and obj.pk == request.user.pk:
            return [*self.readonly_fields, *ACCESS_FIELDS]
        return self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk != request.user.pk:
            return fieldsets
        own = _("Je eigen rol, wijkteams en actief-status wijzigt een andere beheerder.")
        return [
            (name, {**options, "description": own})
            if "role" in options["fields"]
            else (name, options)
            for name, options in fieldsets
        ]

    def user_change_password(self, request, id, form_url=""):
        # A beheerder never knows or sets a colleague's password (README): the invitation
        # action sends a link with which the person chooses their own. Staff change their own
        # password through the account pages, which know their MFA.
        raise PermissionDenied

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Giving someone (or a second account of one's own) access asks for the password
        # again; allauth's middleware keeps the POST and carries it out afterwards.
        if request.method == "POST" and self._changes_access(request, object_id):
            raise_if_reauthentication_required(request, app="")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _changes_access(self, request, object_id) -> bool:
        if object_id is None:
            return True  # a new account gets a role
        user = self.get_object(request, unquote(object_id))
        if user is None or user.pk == request.user.pk:
            return False  # not found, or one's own: the access fields are read-only then
        before = access_snapshot(user)
        return (
            request.POST.get("role", user.role) != before["role"]
            or ("is_active" in request.POST) != before["is_active"]
            or sorted(request.POST.getlist("wijkteams")) != sorted(map(str, before["wijkteams"]))
        )

    def save_model(self, request, obj, form, change) -> None:
        # Kept on the object, not on this admin: one ModelAdmin serves every request.
        obj.access_before = access_snapshot(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        if not change or "email" in form.changed_data:
            # The beheerder sets the login address; an old one no longer logs anyone in.
            EmailAddress.objects.filter(user=obj).exclude(email__iexact=obj.email).delete()
            mark_address_verified(obj)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        before = form.instance.access_before
        after = access_snapshot(form.instance)
        changed = [key for key in ACCESS_FIELDS if before.get(key) != after[key]]
        if changed:
            audit.record(
                ROLE_CHANGE,
                form.instance,
                request=request,
                details={
                    "before": {key: before[key] for key in changed if key in before},
                    "after": {key: after[key] for key in changed},
                },
            )

    @admin.action(description=_("Stuur een uitnodiging om een wachtwoord te kiezen"))
    def send_invitation(self, request, queryset):
        # allauth's password reset mail doubles as the invitation: the link lets the person
        # choose their own password, so a beheerder never knows or sends one.
        from allauth.account.forms import ResetPasswordForm

        sent = failed = 0
        for user in queryset.filter(is_active=True):
            form = ResetPasswordForm(data={"email": user.email})
            if form.is_valid():
                failures = getattr(request, "mail_failures", 0)
                form.save(request)  # the account adapter logs a mail server failure
                if getattr(request, "mail_failures", 0) > failures:
                    failed += 1
                else:
                    sent += 1
        message = ngettext(
            "%(count)d uitnodiging verstuurd.", "%(count)d uitnodigingen verstuurd.", sent
        )
        self.message_user(request, message % {"count": sent})
        if failed:
            message = ngettext(
                "%(count)d uitnodiging kon niet worden verstuurd: de mailserver antwoordt "
                "niet. Probeer het later opnieuw.",
                "%(count)d uitnodigingen konden niet worden verstuurd: de mailserver "
                "antwoordt niet. Probeer het later opnieuw.",
                failed,
            )
            self.message_user(request, message % {"count": failed}, level=messages.ERROR)


class WijkInline(admin.TabularInline):
    model = Wijk
    fields = ["name", "stadsdeel"]
    readonly_fields = ["name", "stadsdeel"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Wijkteam)
class WijkteamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "yearly_match_target"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WijkInline]


@admin.register(Stadsdeel)
class StadsdeelAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code"]


@admin.register(Wijk)
class WijkAdmin(admin.ModelAdmin):
    list_display = ["name", "stadsdeel", "wijkteam", "cbs_code"]
    list_editable = ["wijkteam"]
    list_filter = ["stadsdeel", "wijkteam"]
    list_select_related = ["stadsdeel", "wijkteam"]


@admin.register(Buurt)
class BuurtAdmin(admin.ModelAdmin):
    list_display = ["name", "wijk", "cbs_code", "inhabitants"]
    list_filter = ["wijk__stadsdeel", "wijk"]
    list_select_related = ["wijk"]
    search_fields = ["name", "cbs_code"]


class PostcodeAreaForm(forms.ModelForm):
    # Room for "5625 ab"; the model's own check runs on the normalised "5625AB".
    prefix = forms.CharField(
        label=_("postcode of begin ervan"),
        max_length=10,
        help_text=PostcodeArea._meta.get_field("prefix").help_text,
    )

    class Meta:
        model = PostcodeArea
        fields = ["prefix", "buurt"]

    def clean_prefix(self) -> str:
        return normalise_postcode(self.cleaned_data["prefix"])


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    """Postcodes the public sign-up form maps to a buurt; empty until a beheerder fills it."""

    form = PostcodeAreaForm
    list_display = ["prefix", "buurt", "wijk"]
    list_filter = ["buurt__wijk__wijkteam", "buurt__wijk"]
    list_select_related = ["buurt__wijk"]
    search_fields = ["prefix", "buurt__name"]
    autocomplete_fields = ["buurt"]

    @admin.display(description=_("wijk"), ordering="buurt__wijk__name")
    def wijk(self, obj: PostcodeArea) -> Wijk:
        return obj.buurt.wijk


class AuditKindFilter(admin.SimpleListFilter):
    title = _("soort")
    parameter_name = "soort"

    def lookups(self, request, model_admin):
        return [("rollen", _("Rolwijzigingen (rol, wijkteams, actief)"))]

    def queryset(self, request, queryset):
        if self.value() == "rollen":
            return queryset.filter(action=ROLE_CHANGE)
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "ip", "details"]
    list_filter = [AuditKindFilter, "action", "object_type"]
    list_select_related = ["actor"]
    search_fields = ["object_id", "actor__email"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Which staff member has which second factor; never the secret itself.

    A beheerder may only delete authenticators, to make someone set up MFA again (a lost
    phone), after giving their password again; every deletion is audited. The secrets are
    encrypted and shown nowhere.
    """

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj: Authenticator) -> None:
        # Like a role change: after a fresh password (allauth carries the deletion out then).
        raise_if_reauthentication_required(request, app="")
        _audit_authenticator_deleted(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        raise_if_reauthentication_required(request, app="")
        for authenticator in queryset.select_related("user"):
            _audit_authenticator_deleted(request, authenticator)
        super().delete_queryset(request, queryset)


def _audit_authenticator_deleted(request, authenticator: Authenticator) -> None:
    audit.record(
        "mfa_authenticator_deleted",
        authenticator.user,
        request=request,
        details={"type": authenticator.type},
    )


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """The scheduled jobs' runs (buurtinbloei/jobs.py): read only, counts only."""

    list_display = ["name", "started_at", "finished_at", "outcome", "summary"]
    list_filter = ["name", "outcome"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The mail outbox (buurtinbloei/mail.py): what waits, what failed and why."""

    list_display = ["created_at", "kind", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status", "kind"]
    fields = [
        "kind",
        "to",
        "subject",
        "status",
        "created_at",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Opnieuw proberen"))
    def retry(self, request, queryset):
        count = queryset.exclude(status=MailStatus.SENT).update(
            status=MailStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail wordt opnieuw geprobeerd.",
                "%(count)d e-mails worden opnieuw geprobeerd.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
