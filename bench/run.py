"""Benchmark every staff page and htmx fragment against the production server (issue 9).

    DATABASE_URL=postgres://... python bench/run.py [--concurrency 1,8] [--duration 3] [--reps 3]

Starts gunicorn (``DEBUG=false``, production settings) on a free port of 127.0.0.1, logs in
through allauth as a verbinder and as the coordinator, then measures each page for
``--duration`` seconds with N client threads, directly followed by ``/healthz`` for the same
time (the baseline this machine gives right then), ``--reps`` times. It prints one table per
concurrency level and writes everything as JSON. Any answer other than 200 stops the run with
exit status 1.

Query counts come from the ``X-Query-Count`` header that ``BENCH_QUERY_COUNT=true`` adds
(``buurtinbloei.middleware.query_count``, a ``connection.execute_wrapper`` around the request).

The client uses only the standard library (threads and http.client). The pages' arguments (a
resident with many conversations, a phone fragment, a talent) are looked up once through the
ORM before the server starts.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    persona: str  # "verbinder", "coordinator", "partner", "beheerder" or "anonymous"
    htmx: bool = False


@dataclass
class Sample:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    size: int = 0
    queries: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class BenchError(Exception):
    pass


# --- the server ---------------------------------------------------------------------------


def server_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        MFA_ENCRYPTION_KEY=env.get("MFA_ENCRYPTION_KEY") or Fernet.generate_key().decode(),
        ALLOWED_HOSTS=HOST,
        MFA_REQUIRED="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        BEHIND_TLS_PROXY="false",
        BENCH_QUERY_COUNT="true",
        LOG_LEVEL="WARNING",
    )
    env.update(extra or {})
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(env: dict, workers: int, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    command += [
        "buurtinbloei.wsgi",
        f"--workers={workers}",
        f"--bind={HOST}:{port}",
        "--log-level=warning",
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn stopped at start-up; see {log}")
        try:
            status, _body, _headers = Client(port).get("/healthz")
            if status == 200:
                return process, port
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise BenchError(f"gunicorn did not answer /healthz within 60 s; see {log}")


# --- the client ---------------------------------------------------------------------------


class Client:
    """One keep-alive connection with its own cookies (one per thread)."""

    def __init__(self, port: int, cookies: dict | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # gunicorn closes idle keep-alive connections: reconnect once.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data, response.headers

    def get(self, path: str, headers=None):
        return self.request("GET", path, headers=headers)


def login(port: int, email: str, password: str) -> dict:
    client = Client(port)
    status, body, _ = client.get("/accounts/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match:
        raise BenchError(f"no login form at /accounts/login/ (status {status})")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1).decode(), "login": email, "password": password}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://{HOST}:{port}/accounts/login/",
    }
    status, _body, _ = client.request("POST", "/accounts/login/", body=form, headers=headers)
    if status != 302 or "sessionid" not in client.cookies:
        raise BenchError(f"login as {email} failed (status {status})")
    return client.cookies


# --- what to measure ----------------------------------------------------------------------


def discover(verbinder_email: str) -> list[Page]:
    """The pages, with arguments taken from the data (run before the server starts)."""
    import django

    django.setup()
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from buurtinbloei.models import Buurt, User
    from talents.models import Conversation, Resident, SignUp, SignUpStatus, Talent

    verbinder = User.objects.get(email=verbinder_email)
    team = verbinder.wijkteams.order_by("pk").first()
    visible = Resident.objects.visible_to(verbinder)
    busiest = (
        Conversation.objects.values("resident")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("-n")
        .values_list("resident", flat=True)[:200]
    )
    busiest = list(busiest)
    seen = set(visible.filter(pk__in=busiest).values_list("pk", flat=True))
    heavy = next((pk for pk in busiest if pk in seen), None)
    ordinary = visible.order_by("pk").first()
    if heavy is None or ordinary is None:
        raise BenchError(f"{verbinder_email} sees no residents: seed the database first")
    by_count = Conversation.objects.filter(resident=heavy).count()
    heavy = Resident.objects.get(pk=heavy)
    phoned = visible.exclude(phone="").order_by("pk").values_list("phone", flat=True).first()
    digits = (phoned or "+31612345678")[4:9]
    phone_fragment = f"06-{digits}"
    talent = Talent.objects.approved().filter(common=True).order_by("pk").first()
    talent_term = (talent.name.split()[0] if talent else "koken").lower()
    signup = SignUp.objects.visible_to(verbinder).filter(status=SignUpStatus.NEW).first()

    def url(name: str, **kwargs) -> str | None:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:  # a page this version does not have yet
            return None

    talent_pk = talent.pk if talent else ""
    own_buurt = Buurt.objects.filter(wijk__wijkteam=team).order_by("pk").first() if team else None
    buurt_pk = own_buurt.pk if own_buurt else None
    wijk_pk = own_buurt.wijk_id if own_buurt else None
    core_team = _first_core_team(team)
    asked, giver = _suggestion_subjects(verbinder, visible)
    inwoners = url("talents:resident-list")
    detail = url("talents:resident-detail", pk=heavy.pk)
    kpi = url("matches:kpi")
    quarter = f"period=kwartaal&quarter=1&wijkteam={team.pk if team else 'alle'}"
    v, c = "verbinder", "coordinator"
    pages = [
        ("home", "/", v, False),
        ("panel: aanmeldingen", url("talents:inbox-panel"), v, True),
        ("panel: opvolgen", url("talents:follow-ups-panel"), v, True),
        ("opvolgen (alle)", url("talents:follow-ups"), v, False),
        ("inwoners", inwoners, v, False),
        ("inwoners ?q=jansen", f"{inwoners}?q=jansen", v, False),
        ("inwoners ?q=jansen (htmx)", f"{inwoners}?q=jansen", v, True),
        (f"inwoners ?q={phone_fragment}", f"{inwoners}?q={phone_fragment}", v, False),
        (f"inwoners ?q={talent_term}", f"{inwoners}?q={urllib.parse.quote(talent_term)}", v, 0),
        ("inwoners ?q=xqzwv (no hits)", f"{inwoners}?q=xqzwv", v, False),
        ("inwoners ?side=asks", f"{inwoners}?side=asks", v, False),
        ("inwoners ?side=offers", f"{inwoners}?side=offers", v, False),
        ("inwoners ?status=active", f"{inwoners}?status=active", v, False),
        ("inwoners ?talent=", f"{inwoners}?talent={talent.pk if talent else ''}", v, False),
        ("inwoners ?page=400", f"{inwoners}?page=400", v, False),
        (f"inwoner ({by_count} gesprekken)", detail, v, False),
        (
            "inwoner: eerdere gesprekken",
            url("talents:resident-conversations", pk=heavy.pk),
            v,
            True,
        ),
        ("inwoner (gewoon)", url("talents:resident-detail", pk=ordinary.pk), v, False),
        ("inwoner bewerken", url("talents:resident-edit", pk=ordinary.pk), v, False),
        ("inwoner talenten", url("talents:resident-talents", pk=ordinary.pk), v, False),
        ("inwoner nieuw", url("talents:resident-create"), v, False),
        ("straat", url("talents:street-capture"), v, False),
        ("talent zoeken ?q=ko", f"{url('talents:talent-search')}?q=ko", v, True),
        ("aanmeldingen", url("talents:inbox"), v, False),
        ("aanmeldingen ?status=done", f"{url('talents:inbox')}?status=done", v, False),
        ("aanmelding", url("talents:inbox-detail", pk=signup.pk) if signup else None, v, 0),
        ("meldingen", url("talents:notification-settings"), v, False),
        ("wijkteams", url("wijkteam-list"), v, False),
        ("wijkteam", url("wijkteam-detail", slug=team.slug) if team else None, v, False),
        ("inwoners elders", f"{url('talents:resident-discover')}?talent={talent_pk}", v, False),
        ("gesprek vastleggen", url("talents:conversation-start"), v, False),
        ("organisaties", url("networks:organisation-list"), v, False),
        ("ontwikkelplaatsen", url("networks:place-list"), v, False),
        ("partners", url("networks:partner-list"), v, False),
        ("kernteams", url("networks:coreteam-list"), v, False),
        ("kernteam", url("networks:coreteam-detail", pk=core_team) if core_team else None, v, 0),
        ("buurten", url("networks:buurt-index"), v, False),
        ("buurtkijker", url("networks:buurt-profile", pk=buurt_pk) if buurt_pk else None, v, 0),
        ("wijkkijker", url("networks:wijk-profile", pk=wijk_pk) if wijk_pk else None, v, 0),
        ("panel: netwerk", url("networks:panel"), v, True),
        # Match suggestions: the sections on a request's and on a resident's page.
        ("hulpvraag: suggesties", _pk_url(url, "matches:request-suggestions", asked), v, True),
        (
            "hulpvraag: suggesties (pagina)",
            _pk_url(url, "matches:request-suggestions", asked),
            v,
            0,
        ),
        ("inwoner: past bij", _pk_url(url, "matches:resident-suggestions", giver), v, True),
        *_matches_pages(url, verbinder, team, ordinary.pk, asked),
        ("coordinator: home", "/", c, False),
        ("coordinator: inwoners", inwoners, c, False),
        ("coordinator: inwoners ?q=jansen", f"{inwoners}?q=jansen", c, False),
        ("coordinator: inwoners ?side=asks", f"{inwoners}?side=asks", c, False),
        (f"coordinator: inwoner ({by_count})", detail, c, False),
        ("coordinator: aanmeldingen", url("talents:inbox"), c, False),
        ("coordinator: wijkteams", url("wijkteam-list"), c, False),
        ("coordinator: suggesties", _pk_url(url, "matches:request-suggestions", asked), c, True),
        ("coordinator: hulpvragen", url("matches:request-list"), c, False),
        ("coordinator: matches", url("matches:match-list"), c, False),
        ("partner: home", "/", "partner", False),
        ("partner: verwijzen", url("matches:referral-create"), "partner", False),
        ("partner: mijn verwijzingen", url("matches:referral-list"), "partner", False),
        ("kpi (eigen wijkteam)", kpi, v, False),
        ("coordinator: kpi", kpi, c, False),
        ("coordinator: kpi ?kwartaal+wijkteam", f"{kpi}?{quarter}" if kpi else None, c, False),
        ("coordinator: kpi (htmx)", f"{kpi}?{quarter}" if kpi else None, c, True),
        ("coordinator: kpi export.csv", url("matches:kpi-export-csv"), c, False),
        ("coordinator: kpi export.xlsx", url("matches:kpi-export-xlsx"), c, False),
        *_stories_pages(url, verbinder, team),
        *_issue15_pages(url, verbinder, heavy),
        *_routes_pages(url, verbinder),
        # The privacy officer's audit log (2 million rows at city scale) and its review report.
        ("beheerder: logboek", url("audit-log"), "beheerder", False),
        ("beheerder: logboek ?actie=resident.view", _audit_filtered(url), "beheerder", False),
        ("beheerder: logboek controle", url("audit-review"), "beheerder", False),
    ]
    return [Page(name, path, persona, bool(htmx)) for name, path, persona, htmx in pages if path]


def _issue15_pages(url, verbinder, resident) -> list[tuple]:
    """Student houses, Kom tot Bloei trainings, the talent card and correcting a conversation."""
    pages: list[tuple] = [
        ("studentenhuizen", url("networks:house-list"), "verbinder", False),
        ("coordinator: studentenhuizen", url("networks:house-list"), "coordinator", False),
        ("trainingen", url("trainings:training-list"), "verbinder", False),
        ("talentkaart", url("talents:talent-card", pk=resident.pk), "verbinder", False),
    ]
    conversation = resident.conversations.order_by("-pk").first()
    if conversation is not None:
        path = url("talents:conversation-edit", pk=resident.pk, conversation_pk=conversation.pk)
        pages.append(("gesprek corrigeren", path, "verbinder", False))
    try:
        from networks.models import StudentHouse
        from trainings.models import Training, TrainingParticipant
    except ImportError:  # a version without them
        return pages
    house = StudentHouse.objects.visible_to(verbinder).order_by("pk").first()
    if house is not None:
        pages.append(("studentenhuis", url("networks:house-detail", pk=house.pk), "verbinder", 0))
    training = Training.objects.visible_to(verbinder).order_by("-pk").first()
    if training is not None:
        pages.append(
            ("training", url("trainings:training-detail", pk=training.pk), "verbinder", False)
        )
        participant = TrainingParticipant.objects.filter(training=training).first()
        if participant is not None:
            detail = url(
                "trainings:participant-detail", pk=training.pk, participant_pk=participant.pk
            )
            pages.append(("training: deelnemer", detail, "verbinder", False))
        pages.append(
            (
                "inwoner: trainingen (htmx)",
                url("trainings:resident-trainings", pk=resident.pk),
                "verbinder",
                True,
            )
        )
    return pages


def _routes_pages(url, verbinder) -> list[tuple]:
    """Landing routes: the verbinder's list and a route, the counsellor's (partner) list and
    route, a buddy's page through their link (no login), and the coördinator's counts."""
    try:
        from django.utils import timezone

        from routes.models import PartyLink, Pathway
        from routes.services import link_token
    except ImportError:  # a version without landing routes
        return []
    pages: list[tuple] = [
        ("landingsroutes", url("routes:route-list"), "verbinder", False),
        ("coordinator: landingsroutes in cijfers", url("routes:counts"), "coordinator", False),
        ("partner: mijn landingsroutes", url("routes:counsellor-list"), "partner", False),
        ("panel: landingsroutes", url("routes:panel"), "verbinder", True),
    ]
    route = Pathway.objects.visible_to(verbinder).order_by("pk").first()
    if route is not None:
        pages.append(("landingsroute", url("routes:route-detail", pk=route.pk), "verbinder", 0))
    followed = Pathway.objects.filter(counsellor__email="partner@example.org").first()
    if followed is not None:
        path = url("routes:counsellor-route", pk=followed.pk)
        pages.append(("partner: landingsroute", path, "partner", False))
    link = PartyLink.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).first()
    if link is not None:
        path = url("routes:party-link", token=link_token(link))
        pages.append(("maatje: landingsroute (link)", path, "anonymous", False))
    return pages


def _audit_filtered(url) -> str | None:
    path = url("audit-log")
    return f"{path}?action=resident.view" if path else None


def _stories_pages(url, verbinder, team) -> list[tuple]:
    """Impact stories: the list, one story, a match's section and the report per wijkteam."""
    try:
        from stories.models import Story
    except ImportError:  # a version without the stories app
        return []
    story = Story.objects.visible_to(verbinder).order_by("-pk").first()
    report = url("stories:story-report")
    team_report = f"{report}?wijkteam={team.pk}" if report and team else None
    pages = [
        ("verhalen", url("stories:story-list"), "verbinder", False),
        ("coordinator: rapport (stad)", report, "coordinator", False),
        ("rapport (eigen wijkteam)", team_report, "verbinder", False),
    ]
    if story is not None:
        pages.append(("verhaal", url("stories:story-detail", pk=story.pk), "verbinder", False))
        if story.match_id:
            section = url("stories:match-stories", pk=story.match_id)
            pages.append(("match: verhalen (htmx)", section, "verbinder", True))
    return pages


def _matches_pages(url, verbinder, team, resident: int, asked: int | None) -> list[tuple]:
    """Requests, matches, their sections and panel, and the contact person's check-in page."""
    try:
        from matches.models import CheckIn, Match, MatchKind, MatchStatus
        from matches.services.matches import check_in_token
    except ImportError:  # a version without the matches app
        return []
    from networks.models import Ontwikkelplaats

    v = "verbinder"
    visible = Match.objects.visible_to(verbinder)
    started = visible.filter(status=MatchStatus.STARTED).order_by("-started_on", "pk").first()
    place = (
        Ontwikkelplaats.objects.filter(buurt__wijk__wijkteam=team).order_by("pk").first()
        if team
        else None
    )
    open_check_in = (
        CheckIn.objects.filter(
            done_at__isnull=True,
            match__status=MatchStatus.STARTED,
            match__kind=MatchKind.RESIDENT_PLACE,
        )
        .order_by("pk")
        .first()
    )
    requests_url, matches_url = url("matches:request-list"), url("matches:match-list")
    create = url("matches:match-create")
    return [
        ("hulpvragen", requests_url, v, False),
        ("hulpvragen ?status=open", f"{requests_url}?status=open", v, False),
        ("hulpvraag", _pk_url(url, "matches:request-detail", asked), v, False),
        ("hulpvraag wijzigen", _pk_url(url, "matches:request-edit", asked), v, False),
        ("hulpvraag nieuw", f"{url('matches:request-create')}?inwoner={resident}", v, False),
        ("inwoner: hulpvragen", _pk_url(url, "matches:resident-requests", resident), v, True),
        ("matches", matches_url, v, False),
        ("matches ?status=started", f"{matches_url}?status=started", v, False),
        ("match", _pk_url(url, "matches:match-detail", started and started.pk), v, False),
        ("match nieuw", f"{create}?inwoner={resident}", v, False),
        ("match nieuw: zoeken", f"{create}?inwoner={resident}&soort=resident&q=jan", v, True),
        ("inwoner: matches", _pk_url(url, "matches:resident-matches", resident), v, True),
        ("plaats: matches", _pk_url(url, "matches:place-matches", place and place.pk), v, True),
        (
            "plaats: hulpvragen",
            _pk_url(url, "matches:place-requests", place and place.pk),
            v,
            True,
        ),
        (
            "organisatie: matches",
            _pk_url(url, "matches:organisation-matches", place and place.organisation_id),
            v,
            True,
        ),
        ("panel: matches", url("matches:panel"), v, True),
        (
            "check-in contactpersoon",
            url("matches:contact-check-in", token=check_in_token(open_check_in))
            if open_check_in
            else None,
            "anonymous",
            False,
        ),
    ]


def _pk_url(url, name: str, pk: int | None) -> str | None:
    return url(name, pk=pk) if pk is not None else None


def _suggestion_subjects(verbinder, visible) -> tuple[int | None, int | None]:
    """An open request of the verbinder's wijkteam for the most offered talent (the heaviest
    suggestion list), and a resident there who offers that talent ("past bij").

    Before the demo seeder makes requests, one is made here through the ORM, for a resident
    of the wijkteam who does not offer the talent, so that the page can be measured."""
    try:
        from matches.models import Request, RequestSource, RequestStatus
    except ImportError:  # a version without the matches app
        return None, None
    from django.db.models import Count

    from talents.models import ResidentTalent

    top = (
        ResidentTalent.objects.filter(offered=True)
        .values("talent")
        .annotate(n=Count("pk"))
        .order_by("-n", "talent")
        .values_list("talent", flat=True)
        .first()
    )
    if top is None:
        return None, None
    request = (
        Request.objects.filter(
            status=RequestStatus.OPEN, talent_id=top, wijkteam__in=verbinder.wijkteam_ids
        )
        .order_by("pk")
        .first()
    )
    if request is None:
        asker = (
            visible.filter(buurt__isnull=False)
            .exclude(talent_links__talent_id=top)
            .select_related("buurt__wijk")
            .order_by("pk")
            .first()
        )
        if asker is None:
            return None, None
        request = Request.objects.create(
            resident=asker,
            talent_id=top,
            buurt=asker.buurt,
            wijkteam_id=asker.buurt.wijk.wijkteam_id,
            source=RequestSource.VERBINDER,
            description="Gemaakt door bench/run.py om de suggesties te meten.",
        )
    giver = (
        visible.filter(talent_links__talent_id=top, talent_links__offered=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return request.pk, giver


def _first_core_team(team) -> int | None:
    """A kernteam of the verbinder's wijkteam, when the networks app is installed."""
    try:
        from networks.models import CoreTeam
    except ImportError:
        return None
    return (
        CoreTeam.objects.filter(buurt__wijk__wijkteam=team)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


# --- measuring ----------------------------------------------------------------------------


def measure(port: int, page: Page, cookies: dict, clients: int, seconds: float, minimum: int):
    """Run ``clients`` threads against one page for ``seconds`` (and at least ``minimum``
    requests per thread)."""
    headers = {"HX-Request": "true"} if page.htmx else {}
    sample = Sample()
    errors: list[str] = []
    lock = threading.Lock()
    start = time.perf_counter()
    stop_at = start + seconds

    def worker() -> None:
        client = Client(port, cookies)
        done = 0
        while not errors and (time.perf_counter() < stop_at or done < minimum):
            t0 = time.perf_counter()
            try:
                status, body, response_headers = client.get(page.path, headers)
            except (OSError, http.client.HTTPException) as error:
                # A worker killed by gunicorn's timeout closes the connection without an answer.
                with lock:
                    errors.append(f"{page.name}: {page.path} failed: {error!r}")
                return
            elapsed = time.perf_counter() - t0
            done += 1
            with lock:
                if status != 200:
                    errors.append(f"{page.name}: {page.path} answered {status}")
                    return
                sample.latencies.append(elapsed)
                sample.size = len(body)
                count = response_headers.get("X-Query-Count")
                sample.queries = int(count) if count is not None else None

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sample.seconds = time.perf_counter() - start
    sample.errors = errors
    return sample


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    # Nearest rank: the smallest value with at least p % of the values at or below it.
    index = min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[index]


def summarise(page: Page, samples: list[Sample], healthz: list[Sample]) -> dict:
    latencies = [x for s in samples for x in s.latencies]
    ratios = [s.rps / h.rps for s, h in zip(samples, healthz, strict=True) if h.rps]
    return {
        "page": page.name,
        "path": page.path,
        "persona": page.persona,
        "htmx": page.htmx,
        "requests": len(latencies),
        "rps": statistics.median(s.rps for s in samples),
        "healthz_rps": statistics.median(h.rps for h in healthz),
        "ratio": statistics.median(ratios) if ratios else 0.0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "bytes": samples[-1].size,
        "queries": samples[-1].queries,
        "errors": [e for s in [*samples, *healthz] for e in s.errors],
    }


def table(rows: list[dict], clients: int) -> str:
    head = f"{'page':<44} {'req/s':>8} {'÷healthz':>9} {'p50 ms':>8} {'p95 ms':>8}"
    head += f" {'p99 ms':>8} {'KB':>7} {'queries':>7}"
    lines = [f"concurrency {clients}", head, "-" * len(head)]
    for r in rows:
        queries = "?" if r["queries"] is None else str(r["queries"])
        if r["errors"]:
            lines.append(f"{r['page'][:44]:<44} FAILED: {r['errors'][0]}")
            continue
        lines.append(
            f"{r['page'][:44]:<44} {r['rps']:>8.1f} {r['ratio']:>9.4f} {r['p50_ms']:>8.1f}"
            f" {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['bytes'] / 1024:>7.1f} {queries:>7}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict:
    os.environ.update(server_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtinbloei.settings")
    sys.path.insert(0, str(BASE_DIR))
    pages = discover(args.verbinder)
    if args.only:
        pages = [p for p in pages if re.search(args.only, p.name)]
    log = Path(args.json).with_suffix(".gunicorn.log")
    # Production serves hashed static files from a manifest: collect them as a deploy would.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=BASE_DIR,
        env=dict(os.environ),
        check=True,
    )
    process, port = start_server(dict(os.environ), args.workers, log)
    results: dict = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "database": urllib.parse.urlsplit(os.environ.get("DATABASE_URL", "sqlite")).path,
        "workers": args.workers,
        "duration": args.duration,
        "reps": args.reps,
        "runs": {},
    }
    try:
        cookies = {
            "verbinder": login(port, args.verbinder, args.password),
            "coordinator": login(port, args.coordinator, args.password),
            "partner": login(port, args.partner, args.password),
            "beheerder": login(port, args.beheerder, args.password),
            "anonymous": {},
        }
        healthz = Page("/healthz", "/healthz", "anonymous")
        for clients in args.concurrency:
            rows = []
            for page in pages:
                # Untimed: every worker compiles a template the first time it renders it.
                warm = measure(port, page, cookies[page.persona], 1, 0, args.workers)
                if warm.errors:
                    rows.append(summarise(page, [warm], [warm]))
                    continue
                samples, baseline = [], []
                for _rep in range(args.reps):
                    # Interleaved: the baseline is what this machine gives right now.
                    baseline.append(measure(port, healthz, {}, clients, args.duration / 2, 1))
                    samples.append(
                        measure(port, page, cookies[page.persona], clients, args.duration, args.min)
                    )
                rows.append(summarise(page, samples, baseline))
                if args.verbose:
                    print(table(rows[-1:], clients).splitlines()[-1], flush=True)
            results["runs"][str(clients)] = rows
            print()
            print(table(rows, clients), flush=True)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", default="1,8", help="client counts, e.g. 1,8")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per page and rep")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--min", type=int, default=2, help="at least this many requests/client")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--verbinder", default="verbinder.strijp@example.org")
    parser.add_argument("--coordinator", default="coordinator@example.org")
    parser.add_argument("--partner", default="partner@example.org")
    parser.add_argument("--beheerder", default="beheerder@example.org")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "bloei-demo-2026"))
    parser.add_argument("--only", help="only pages whose name matches this regular expression")
    parser.add_argument("--json", default=str(BASE_DIR / "var" / "bench" / "bench.json"))
    parser.add_argument("--verbose", action="store_true", help="print each page as it is done")
    args = parser.parse_args(argv)
    args.concurrency = [int(c) for c in str(args.concurrency).split(",") if c.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        results = run(args)
    except BenchError as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return 1
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2))
    print(f"\nWritten to {path}")
    failed = [e for rows in results["runs"].values() for r in rows for e in r["errors"]]
    if failed:
        # Any answer other than 200 fails the run (after the table, so the rest is not lost).
        print(f"bench failed: {len(failed)} errors, the first: {failed[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
