"""Impact stories: written by the verbinders of a wijkteam, in reports only with consent.

- ``/verhalen/``: the stories of one's own wijkteams, whether each is in reports or why not;
- a story's page, its edit and delete, and its people with their consent (withdraw: one click);
- ``/verhalen/rapport/``: the printable report per wijk and period for the municipality, with
  the KPI figures and the stories that have consent (verbinders and coördinatoren, as /kpi/);
- the photo, served to staff only, never from a public folder.
Every read of a story or its photo is logged (the people in it are named).
"""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from buurtinbloei.audit import record
from buurtinbloei.conflicts import StaleVersion, conflict_response
from buurtinbloei.paging import CappedPaginator
from buurtinbloei.permissions import Perm, may, requires
from buurtinbloei.scoping import get_object_for_user
from matches import kpi
from matches.kpi_forms import KpiFilterForm
from matches.models import Match
from networks.models import CoreTeam
from talents.models import Resident

from . import services
from .forms import StoryForm, StoryPersonForm
from .models import Story, StoryPerson

PER_PAGE = 25
SECTION_ROWS = 5


def _with_status(stories):
    return stories.annotate(
        in_reports=Exists(Story.objects.publishable().filter(pk=OuterRef("pk")))
    )


def _candidates(story_or_about):
    """The residents a story's people are usually picked from: the match's sides, or the
    kernteam's members."""
    about = story_or_about.about if isinstance(story_or_about, Story) else story_or_about
    if isinstance(about, Match):
        ids = [pk for pk in (about.resident_a_id, about.resident_b_id) if pk]
        return Resident.objects.filter(pk__in=ids).order_by("first_name", "pk")
    team = getattr(about, "core_team", None) or about
    if isinstance(team, CoreTeam):
        return (
            Resident.objects.filter(core_teams__core_team=team)
            .distinct()
            .order_by("first_name", "pk")
        )
    return Resident.objects.none()


def _about_for(request: HttpRequest, about: str, pk: int):
    if about == "match":
        return get_object_for_user(Match, request.user, pk=pk, for_change=True)
    if about == "kernteam":
        return get_object_for_user(
            CoreTeam.objects.select_related("buurt__wijk"), request.user, pk=pk, for_change=True
        )
    raise Http404


@require_GET
@login_required
@requires(Perm.SHARE_STORIES)
def story_list(request: HttpRequest) -> HttpResponse:
    stories = _with_status(
        Story.objects.visible_to(request.user).select_related("buurt", "wijkteam")
    ).order_by("-happened_on", "-pk")
    page = CappedPaginator(stories, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "stories/story_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.SHARE_STORIES)
def story_create(request: HttpRequest, about: str, pk: int) -> HttpResponse:
    obj = _about_for(request, about, pk)
    activities = obj.activities.order_by("-starts_on") if isinstance(obj, CoreTeam) else None
    form = StoryForm(request.POST or None, request.FILES or None, activities=activities)
    if request.method == "POST" and form.is_valid():
        story = services.story_create(
            about=obj, data=form.cleaned_data, by=request.user, request=request
        )
        messages.success(
            request,
            _(
                "Het verhaal is opgeslagen. Leg nu vast wie er geciteerd wordt of op de foto "
                "staat, met hun toestemming: zonder dat komt het niet in een rapport."
            ),
        )
        return redirect(story)
    return render(request, "stories/story_form.html", {"form": form, "about": obj})


def _story_page(request: HttpRequest, story: Story, person_form=None, status: int = 200):
    record("story.view", story, request=request)
    persons = list(story.persons.select_related("resident", "recorded_by", "withdrawn_by"))
    context = {
        "story": story,
        "persons": persons,
        "in_reports": Story.objects.publishable().filter(pk=story.pk).exists(),
        "person_form": person_form or StoryPersonForm(candidates=_candidates(story)),
        "can_change": may(request.user).share_stories,
    }
    return render(request, "stories/story_detail.html", context, status=status)


def _story(request: HttpRequest, pk: int, *, for_change: bool = False) -> Story:
    qs = Story.objects.select_related(
        "wijkteam", "buurt__wijk", "match", "core_team", "activity__core_team", "created_by"
    )
    return get_object_for_user(qs, request.user, pk=pk, for_change=for_change)


@require_GET
@login_required
@requires(Perm.SHARE_STORIES)
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _story_page(request, _story(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
@requires(Perm.SHARE_STORIES)
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk, for_change=True)
    form = _edit_form(story, request.POST or None, request.FILES or None)
    if request.method == "GET":
        record("story.view", story, request=request)
    elif form.is_valid():
        try:
            services.story_update(
                story=story,
                data=form.cleaned_data,
                by=request.user,
                request=request,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleVersion:
            return _edit_conflict(request, pk)
        messages.success(request, _("De wijzigingen zijn opgeslagen."))
        return redirect(story)
    return render(request, "stories/story_form.html", {"form": form, "story": story})


#: Audit actions that change a story (who saved last, on the conflict page).
STORY_CHANGES = ("story.update", "story.create")


def _edit_form(story: Story, data=None, files=None) -> StoryForm:
    """The edit form of ``story`` as it is saved now (its version included)."""
    team = story.core_team or (story.activity.core_team if story.activity_id else None)
    activities = team.activities.order_by("-starts_on") if team else None
    return StoryForm(
        data, files, instance=story, activities=activities, initial={"version": story.version}
    )


def _edit_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep what was typed, show what is saved now (a read of the story: logged), and let the
    person save again on purpose. A chosen photo cannot be kept (a browser never fills a file
    input again): the page says so."""
    current = _story(request, pk, for_change=True)
    record("story.view", current, request=request)
    return conflict_response(
        request,
        "stories/story_form.html",
        {
            "story": current,
            "conflict_title": _("Iemand anders heeft dit verhaal net ook gewijzigd."),
            "photo_dropped": bool(request.FILES.get("photo")),
        },
        # A copy: validating the typed data writes it onto the instance, and the page's
        # link back names the story as saved.
        rebind=lambda data: _edit_form(copy(current), data),
        current=current,
        actions=STORY_CHANGES,
        discard_url=current.get_absolute_url(),
    )


@require_POST
@login_required
@requires(Perm.SHARE_STORIES)
def story_delete(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk, for_change=True)
    services.story_delete(story=story, by=request.user, request=request)
    messages.success(request, _("Het verhaal is verwijderd, met de foto."))
    return redirect("stories:story-list")


@require_POST
@login_required
@requires(Perm.SHARE_STORIES)
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk, for_change=True)
    form = StoryPersonForm(request.POST, candidates=_candidates(story))
    if not form.is_valid():
        return _story_page(request, story, person_form=form, status=400)
    person = services.person_add(
        story=story, data=form.cleaned_data, by=request.user, request=request
    )
    messages.success(
        request, _("De toestemming van %(name)s is vastgelegd.") % {"name": person.name}
    )
    return redirect(story)


@require_POST
@login_required
@requires(Perm.SHARE_STORIES)
def person_withdraw(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    story = _story(request, pk, for_change=True)
    person = story.persons.filter(pk=person_pk).first()
    if person is None:
        raise Http404
    services.person_withdraw(person=person, by=request.user, request=request)
    messages.success(
        request,
        _("De toestemming van %(name)s is ingetrokken: het verhaal staat in geen rapport meer.")
        % {"name": person.name},
    )
    return redirect(story)


def _photo_story(request: HttpRequest, pk: int) -> Story:
    """Verbinders of the story's wijkteam see its photo; whoever may read the report sees the
    photo of a story that is in reports (and only while it is)."""
    user = request.user
    visible = Story.objects.visible_to(user)
    if may(user).view_kpis:
        visible = visible | Story.objects.publishable()
    story = visible.filter(pk=pk).exclude(photo="").first()
    if story is None:
        raise Http404
    return story


@never_cache
@require_GET
@login_required
def story_photo(request: HttpRequest, pk: int) -> HttpResponse:
    if not (may(request.user).share_stories or may(request.user).view_kpis):
        raise Http404
    story = _photo_story(request, pk)
    try:
        handle = story.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record("story.photo_view", story, request=request)
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
@requires(Perm.VIEW_KPIS)
def story_report(request: HttpRequest) -> HttpResponse:
    """The report per wijk(team) and period: KPI figures and the stories with consent."""
    form = KpiFilterForm(request.GET, user=request.user)
    filters = form.filters()
    figures = kpi.cached(filters)
    stories = Story.objects.publishable().filter(
        happened_on__gte=filters.period.start, happened_on__lte=filters.period.end
    )
    if filters.wijk is not None:
        stories = stories.filter(buurt__wijk=filters.wijk)
    elif filters.wijkteam is not None:
        stories = stories.filter(wijkteam=filters.wijkteam)
    stories = list(
        stories.select_related("buurt__wijk", "wijkteam")
        .prefetch_related(
            Prefetch(
                "persons",
                queryset=StoryPerson.objects.filter(withdrawn_at__isnull=True, quoted=True),
                to_attr="quoted_persons",
            )
        )
        .order_by("happened_on", "pk")[:50]
    )
    record(
        "story.report",
        request=request,
        details={
            "stories": [s.pk for s in stories],
            "wijkteam": filters.wijkteam.pk if filters.wijkteam else None,
            "wijk": filters.wijk.pk if filters.wijk else None,
        },
    )
    context = {"form": form, "filters": filters, "figures": figures, "stories": stories}
    return render(request, "stories/report.html", context)


def _section(request: HttpRequest, obj, stories, *, new_url: str | None) -> HttpResponse:
    rows = list(_with_status(stories).order_by("-happened_on", "-pk")[: SECTION_ROWS + 1])
    context = {
        "obj": obj,
        "stories": rows[:SECTION_ROWS],
        "more": len(rows) > SECTION_ROWS,
        "new_url": new_url,
    }
    template = "stories/story_section.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#stories-section"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.SHARE_STORIES)
@vary_on_headers("HX-Request")
def match_stories(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_for_user(Match, request.user, pk=pk)
    stories = Story.objects.visible_to(request.user).filter(match=match)
    editable = Match.objects.editable_by(request.user).filter(pk=pk).exists()
    new_url = reverse("stories:story-create", args=["match", pk]) if editable else None
    return _section(request, match, stories, new_url=new_url)


@require_http_methods(["GET", "HEAD"])
@login_required
@requires(Perm.SHARE_STORIES)
@vary_on_headers("HX-Request")
def coreteam_stories(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_for_user(CoreTeam, request.user, pk=pk)
    stories = Story.objects.visible_to(request.user).filter(
        Q(core_team=team) | Q(activity__core_team=team)
    )
    editable = CoreTeam.objects.editable_by(request.user).filter(pk=pk).exists()
    new_url = reverse("stories:story-create", args=["kernteam", pk]) if editable else None
    return _section(request, team, stories, new_url=new_url)
