"""Demo data for the networks app: organisations of every kind, the approach's partners, about
270 ontwikkelplaatsen, kernteams at every stage and two years of their activities.

Everything is generated (Faker nl_NL for people's names); organisation names are made from the
buurt's name or are the public names of the approach's partner organisations. Idempotent:
nothing is added when organisations exist already. Runs after the talents seeder (residents).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from faker import Faker

from buurtinbloei.models import Buurt, User, Wijk
from buurtinbloei.permissions import Perm, users_with
from talents.models import Resident, ResidentStatus, Talent

from .models import (
    Activity,
    ActivityStatus,
    CoachingIntensity,
    CoreTeam,
    CoreTeamChange,
    CoreTeamMember,
    HouseConfirmation,
    HouseMember,
    MemberRole,
    Ontwikkelplaats,
    OntwikkelplaatsKind,
    Organisation,
    OrganisationKind,
    Partner,
    PartnerContact,
    PartnerMembership,
    PartnerRoleKind,
    Stage,
    StudentHouse,
    Theme,
    academic_year_of,
)

#: The approach's own record: about 270 ontwikkelplaatsen city-wide.
PLACES_CITY_WIDE = 270
TEAMS_PER_WIJK = 2

LOCAL_ORGANISATIONS = [
    (OrganisationKind.ASSOCIATION, "Buurtvereniging {buurt}"),
    (OrganisationKind.ASSOCIATION, "Speeltuinvereniging {buurt}"),
    (OrganisationKind.FOUNDATION, "Stichting Buurthuis {buurt}"),
    (OrganisationKind.BUSINESS, "Bakkerij {name}"),
    (OrganisationKind.BUSINESS, "Fietsenmaker {name}"),
    (OrganisationKind.SCHOOL, "Basisschool De {tree}"),
    (OrganisationKind.CHURCH, "Parochie {buurt}"),
    (OrganisationKind.MOSQUE, "Moskee {buurt}"),
    (OrganisationKind.CARE, "Zorgcentrum {tree}hof"),
    (OrganisationKind.HOUSING, "Huurdersvereniging {buurt}"),
    (OrganisationKind.WELFARE, "Buurtkamer {buurt}"),
]
TREES = ["Linde", "Eik", "Kastanje", "Wilg", "Beuk", "Es", "Berk", "Esdoorn", "Vlier", "Hazelaar"]

#: Per wijk: the approach's partners (an organisation, its kind and its role).
WIJK_PARTNERS = [
    (
        "Politie Eindhoven, wijkagent {wijk}",
        OrganisationKind.MUNICIPALITY,
        PartnerRoleKind.WIJKAGENT,
    ),
    (
        "Gemeente Eindhoven, gebiedscoördinator {wijk}",
        OrganisationKind.MUNICIPALITY,
        PartnerRoleKind.AREA_COORDINATOR,
    ),
    ("Huisartsenpraktijk {wijk} (POH)", OrganisationKind.CARE, PartnerRoleKind.POH),
    ("Woonconsulent {wijk}", OrganisationKind.HOUSING, PartnerRoleKind.HOUSING_CONSULTANT),
]
#: City-wide partners, each a partner in every wijk: Vitalis and the SIZO members.
CITY_PARTNERS = [
    ("Vitalis", OrganisationKind.CARE, PartnerRoleKind.OTHER),
    ("Humanitas Eindhoven", OrganisationKind.WELFARE, PartnerRoleKind.INFORMAL_CARE),
    ("Stichting Present Eindhoven", OrganisationKind.FOUNDATION, PartnerRoleKind.INFORMAL_CARE),
    ("MEE", OrganisationKind.WELFARE, PartnerRoleKind.INFORMAL_CARE),
    ("GGD Steunpunt Mantelzorg", OrganisationKind.CARE, PartnerRoleKind.INFORMAL_CARE),
]
PLACE_TEMPLATES = {
    OrganisationKind.ASSOCIATION: [
        ("Bardienst in het clubhuis", OntwikkelplaatsKind.VOLUNTEERING),
        ("Helpen bij de buurtmarkt", OntwikkelplaatsKind.RESIDENTS_NETWORK),
    ],
    OrganisationKind.FOUNDATION: [
        ("Gastvrouw of gastheer in de buurtkamer", OntwikkelplaatsKind.VOLUNTEERING),
        ("Mee-organiseren van de koffieochtend", OntwikkelplaatsKind.RESIDENTS_NETWORK),
    ],
    OrganisationKind.BUSINESS: [
        ("Meewerken in de winkel", OntwikkelplaatsKind.WORK_EXPERIENCE),
        ("Leerplek in de werkplaats", OntwikkelplaatsKind.WORK_EXPERIENCE),
    ],
    OrganisationKind.SCHOOL: [
        ("Voorlezen in de onderbouw", OntwikkelplaatsKind.VOLUNTEERING),
        ("Taalmaatje voor ouders", OntwikkelplaatsKind.TRAINING),
    ],
    OrganisationKind.CHURCH: [
        ("Helpen bij de inloopmaaltijd", OntwikkelplaatsKind.VOLUNTEERING),
    ],
    OrganisationKind.MOSQUE: [
        ("Huiswerkbegeleiding in het weekend", OntwikkelplaatsKind.VOLUNTEERING),
    ],
    OrganisationKind.CARE: [
        ("Wandelen met bewoners", OntwikkelplaatsKind.DAY_ACTIVITIES),
        ("Creatieve middag begeleiden", OntwikkelplaatsKind.DAY_ACTIVITIES),
    ],
    OrganisationKind.HOUSING: [
        ("Groenonderhoud rond de flat", OntwikkelplaatsKind.RESIDENTS_NETWORK),
    ],
    OrganisationKind.WELFARE: [
        ("Digicafé: mensen helpen met hun telefoon", OntwikkelplaatsKind.TRAINING),
        ("Maatje voor een buurtgenoot", OntwikkelplaatsKind.VOLUNTEERING),
    ],
    OrganisationKind.MUNICIPALITY: [
        ("Meedenken in het buurtpanel", OntwikkelplaatsKind.RESIDENTS_NETWORK),
    ],
}
ACTIVITIES = [
    ("Buurtbarbecue", Theme.MEETING),
    ("Halloweenwandeling", Theme.YOUTH),
    ("Sinterklaasintocht in de buurt", Theme.YOUTH),
    ("Coronahulp: boodschappen voor buren", Theme.LONELINESS),
    ("Voedselpakketten uitdelen", Theme.POVERTY),
    ("Financiële check-up door en voor ouderen", Theme.POVERTY),
    ("Fietsles voor nieuwkomers", Theme.LANGUAGE),
    ("Taalcafé", Theme.LANGUAGE),
    ("Samen wandelen op dinsdag", Theme.SPORT),
    ("Alzheimer-koffieochtend", Theme.DEMENTIA),
    ("Buurtschouw met de wijkagent", Theme.SAFETY),
    ("Muziekmiddag in het park", Theme.CULTURE),
]
TEAM_NAMES = ["Samen {buurt}", "Kernteam {buurt}", "{buurt} Doet Mee", "Buurtkracht {buurt}"]


#: ``seed_demo --scale city`` (DESIGN.md): organisations city-wide, and places in proportion.
CITY_ORGANISATIONS = 2000
CITY_PLACES = 1700


def seed(*, rng: random.Random, fake: Faker, stdout, scale: str = "demo") -> None:
    if Organisation.objects.exists():
        stdout.write("Organisations exist already; no networks demo data added.")
    else:
        _seed_demo(rng=rng, fake=fake, stdout=stdout)
    if StudentHouse.objects.exists():
        stdout.write("Student houses exist already; none added.")
    else:
        _student_houses(rng=rng, fake=fake, stdout=stdout)
    if scale == "city":
        _grow_to_city(rng=rng, fake=fake, stdout=stdout)


def _grow_to_city(*, rng: random.Random, fake: Faker, stdout) -> None:
    """Top up to the city's numbers; a second run adds nothing."""
    missing = CITY_ORGANISATIONS - Organisation.objects.count()
    buurten = list(Buurt.objects.order_by("pk"))
    new = []
    for n in range(max(missing, 0)):
        kind, pattern = rng.choice(LOCAL_ORGANISATIONS)
        buurt = rng.choice(buurten)
        new.append(
            Organisation(
                name=pattern.format(buurt=buurt.name, name=fake.last_name(), tree=rng.choice(TREES))
                + f" ({n + 1})",
                kind=kind,
                buurt=buurt,
                address=f"{fake.street_name()} {rng.randint(1, 140)}",
                contact_name=fake.name(),
                contact_phone=f"+3140{rng.randint(2000000, 2999999)}",
                contact_email=fake.safe_email(),
            )
        )
    Organisation.objects.bulk_create(new, batch_size=500)
    offering = list(Organisation.objects.filter(kind__in=list(PLACE_TEMPLATES)).order_by("pk"))
    places = []
    for n in range(max(CITY_PLACES - Ontwikkelplaats.objects.count(), 0)):
        organisation = offering[n % len(offering)]
        title, kind = rng.choice(PLACE_TEMPLATES[organisation.kind])
        capacity = rng.randint(1, 6)
        places.append(
            Ontwikkelplaats(
                organisation=organisation,
                title=title,
                kind=kind,
                description="Je helpt mee, leert van de anderen en bepaalt zelf hoe vaak.",
                places=capacity,
                places_taken=rng.randint(0, capacity),
                buurt=organisation.buurt,
                active=rng.random() < 0.9,
                reviewed=True,
            )
        )
    Ontwikkelplaats.objects.bulk_create(places, batch_size=500)
    stdout.write(f"Networks at city scale: {len(new)} organisations, {len(places)} places added.")


def _seed_demo(*, rng: random.Random, fake: Faker, stdout) -> None:
    today = timezone.localdate()
    buurten = list(Buurt.objects.select_related("wijk").order_by("pk"))
    wijken = list(Wijk.objects.order_by("pk"))
    organisations = _organisations(buurten, wijken, rng=rng, fake=fake)
    Organisation.objects.bulk_create(organisations)
    organisations = list(Organisation.objects.select_related("buurt__wijk").order_by("pk"))
    # A couple of organisations still wait for a verbinder's review, as after the public form.
    for organisation in rng.sample(organisations, k=4):
        organisation.reviewed = False
        organisation.source = "signup"
    Organisation.objects.bulk_update(organisations, ["reviewed", "source"])

    places = _places(organisations, rng=rng)
    Ontwikkelplaats.objects.bulk_create(places)
    talents = list(Talent.objects.approved().values_list("pk", flat=True))
    Through = Ontwikkelplaats.talents.through
    Through.objects.bulk_create(
        Through(ontwikkelplaats_id=place.pk, talent_id=talent)
        for place in places
        for talent in rng.sample(talents, k=min(len(talents), rng.randint(0, 3)))
    )

    partners, contacts = _partners(organisations, wijken, rng=rng, today=today)
    _link_partner_users(organisations)

    teams = _core_teams(buurten, wijken, rng=rng, today=today)
    members = _members(teams, rng=rng, today=today)
    activities = _activities(teams, organisations, rng=rng, today=today)
    stdout.write(
        f"Networks: {len(organisations)} organisations, {len(places)} ontwikkelplaatsen, "
        f"{partners} partners with {contacts} contacts, {len(teams)} kernteams with "
        f"{members} members and {activities} activities."
    )


def _organisations(buurten, wijken, *, rng: random.Random, fake: Faker) -> list[Organisation]:
    organisations = []

    def contact() -> dict:
        return {
            "contact_name": fake.name(),
            "contact_phone": f"+3140{rng.randint(2000000, 2999999)}",
            "contact_email": fake.safe_email(),
        }

    for buurt in buurten:
        for kind, pattern in rng.sample(LOCAL_ORGANISATIONS, k=rng.randint(1, 3)):
            organisations.append(
                Organisation(
                    name=pattern.format(
                        buurt=buurt.name, name=fake.last_name(), tree=rng.choice(TREES)
                    ),
                    kind=kind,
                    buurt=buurt,
                    address=f"{fake.street_name()} {rng.randint(1, 140)}",
                    **contact(),
                )
            )
    by_wijk = {}
    for buurt in buurten:
        by_wijk.setdefault(buurt.wijk_id, []).append(buurt)
    for wijk in wijken:
        for pattern, kind, _role in WIJK_PARTNERS:
            organisations.append(
                Organisation(
                    name=pattern.format(wijk=wijk.name),
                    kind=kind,
                    buurt=rng.choice(by_wijk[wijk.pk]),
                    **contact(),
                )
            )
    for name, kind, _role in CITY_PARTNERS:
        organisations.append(
            Organisation(name=name, kind=kind, buurt=rng.choice(buurten), **contact())
        )
    return organisations


def _places(organisations, *, rng: random.Random) -> list[Ontwikkelplaats]:
    """About 270 places, spread over the organisations that have something to offer."""
    offering = [o for o in organisations if o.kind in PLACE_TEMPLATES]
    places = []
    while len(places) < PLACES_CITY_WIDE:
        organisation = offering[len(places) % len(offering)]
        title, kind = rng.choice(PLACE_TEMPLATES[organisation.kind])
        capacity = rng.randint(1, 6)
        places.append(
            Ontwikkelplaats(
                organisation=organisation,
                title=title,
                kind=kind,
                description="Je helpt mee, leert van de anderen en bepaalt zelf hoe vaak.",
                places=capacity,
                places_taken=rng.randint(0, capacity),
                buurt=organisation.buurt,
                active=rng.random() < 0.9,
                reviewed=organisation.reviewed,
            )
        )
    return places


def _partners(organisations, wijken, *, rng: random.Random, today) -> tuple[int, int]:
    by_name = {o.name: o for o in organisations}
    verbinders = {}
    for user in users_with(Perm.WORK_IN_WIJKTEAMS).prefetch_related("wijkteams"):
        for team_id in user.wijkteam_ids:
            verbinders.setdefault(team_id, []).append(user)
    partners = []
    for wijk in wijken:
        for pattern, _kind, role in WIJK_PARTNERS:
            partners.append(
                Partner(organisation=by_name[pattern.format(wijk=wijk.name)], wijk=wijk, role=role)
            )
        for name, _kind, role in CITY_PARTNERS:
            if rng.random() < 0.6:
                partners.append(Partner(organisation=by_name[name], wijk=wijk, role=role))
        local = [o for o in organisations if o.buurt.wijk_id == wijk.pk]
        roles = {
            OrganisationKind.SCHOOL: PartnerRoleKind.SCHOOL,
            OrganisationKind.BUSINESS: PartnerRoleKind.BUSINESS,
            OrganisationKind.CHURCH: PartnerRoleKind.FAITH,
            OrganisationKind.MOSQUE: PartnerRoleKind.FAITH,
        }
        for organisation in local:
            if organisation.kind in roles and organisation.reviewed and rng.random() < 0.5:
                partners.append(
                    Partner(organisation=organisation, wijk=wijk, role=roles[organisation.kind])
                )
    Partner.objects.bulk_create(partners)
    contacts = []
    for partner in partners:
        team_verbinders = verbinders.get(partner.wijk.wijkteam_id, [None])
        # Most partners were seen recently; about one in five not for over three months.
        recent = rng.random() < 0.8
        for n in range(rng.randint(0 if not recent else 1, 4)):
            days = rng.randint(0, 85) if recent and n == 0 else rng.randint(100, 700)
            contacts.append(
                PartnerContact(
                    partner=partner,
                    date=today - datetime.timedelta(days=days),
                    summary=rng.choice(
                        [
                            "Overleg over zorgen in de buurt",
                            "Kennismaking met de nieuwe contactpersoon",
                            "Warme overdracht besproken",
                            "Samen de buurtschouw voorbereid",
                        ]
                    ),
                    agreement=rng.choice(
                        [
                            "",
                            "",
                            "Elke maand een kort belletje.",
                            "De POH verwijst eenzame ouderen door naar het taalcafé.",
                            "Samen een buurtavond organiseren in het najaar.",
                        ]
                    ),
                    by=rng.choice(team_verbinders),
                )
            )
    PartnerContact.objects.bulk_create(contacts)
    return len(partners), len(contacts)


def _link_partner_users(organisations) -> None:
    """The demo partner login works for the GP practice (POH) of a wijk."""
    poh = next((o for o in organisations if "(POH)" in o.name), None)
    if poh is None:
        return
    for user in users_with(Perm.REFER_RESIDENTS).filter(partner_membership__isnull=True):
        PartnerMembership.objects.create(user=user, organisation=poh)


def _core_teams(buurten, wijken, *, rng: random.Random, today) -> list[CoreTeam]:
    by_wijk: dict[int, list] = {}
    for buurt in buurten:
        by_wijk.setdefault(buurt.wijk_id, []).append(buurt)
    coaches: dict[int, list[User]] = {}
    for user in users_with(Perm.WORK_IN_WIJKTEAMS).prefetch_related("wijkteams"):
        for team_id in user.wijkteam_ids:
            coaches.setdefault(team_id, []).append(user)
    teams, history = [], []
    stages = [Stage.STARTING, Stage.CO_LED, Stage.INDEPENDENT]
    for wijk in wijken:
        for buurt in rng.sample(by_wijk[wijk.pk], k=min(TEAMS_PER_WIJK, len(by_wijk[wijk.pk]))):
            stage = stages[len(teams) % 3]  # every stage, all over town
            started = today - datetime.timedelta(days=rng.randint(400, 730))
            team = CoreTeam(
                name=rng.choice(TEAM_NAMES).format(buurt=buurt.name),
                buurt=buurt,
                coach=rng.choice(coaches.get(wijk.wijkteam_id, [None])),
                stage=stage,
                stage_since=started,
                intensity=CoachingIntensity.INTENSIVE,
                intensity_since=started,
                description="Bewoners die samen de buurt gezelliger en socialer maken.",
            )
            teams.append(team)
    CoreTeam.objects.bulk_create(teams)
    for team in teams:
        # The path so far: every stage up to the current one, each with its date.
        steps = stages[: stages.index(team.stage) + 1]
        intensities = [
            CoachingIntensity.INTENSIVE,
            CoachingIntensity.REGULAR,
            CoachingIntensity.ON_CALL,
        ][: len(steps)]
        date = team.stage_since
        for stage, intensity in zip(steps, intensities, strict=True):
            history.append(CoreTeamChange(core_team=team, what="stage", value=stage, date=date))
            history.append(
                CoreTeamChange(core_team=team, what="intensity", value=intensity, date=date)
            )
            team.stage_since = team.intensity_since = date
            team.intensity = intensity
            date += datetime.timedelta(days=rng.randint(120, 200))
    CoreTeam.objects.bulk_update(teams, ["stage_since", "intensity", "intensity_since"])
    CoreTeamChange.objects.bulk_create(history)
    return teams


def _members(teams, *, rng: random.Random, today) -> int:
    residents: dict[int, list[int]] = {}
    for pk, wijk_id in (
        Resident.objects.exclude(status=ResidentStatus.ANONYMISED)
        .filter(buurt__isnull=False)
        .values_list("pk", "buurt__wijk_id")
    ):
        residents.setdefault(wijk_id, []).append(pk)
    members = []
    for team in teams:
        pool = residents.get(team.buurt.wijk_id, [])
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(3, 8)))
        for i, resident_id in enumerate(chosen):
            members.append(
                CoreTeamMember(
                    core_team=team,
                    resident_id=resident_id,
                    role=MemberRole.PROJECT_LEAD if i == 0 else MemberRole.VOLUNTEER,
                    active=rng.random() < 0.85,
                    joined_on=team.stage_since - datetime.timedelta(days=rng.randint(0, 300)),
                )
            )
    CoreTeamMember.objects.bulk_create(members)
    return len(members)


def _activities(teams, organisations, *, rng: random.Random, today) -> int:
    by_wijk: dict[int, list[Organisation]] = {}
    for organisation in organisations:
        if organisation.reviewed:
            by_wijk.setdefault(organisation.buurt.wijk_id, []).append(organisation)
    activities, partner_sets = [], []
    for team in teams:
        # An independent team runs more without the verbinder, as the ladder describes.
        alone = {Stage.STARTING: 0.05, Stage.CO_LED: 0.4, Stage.INDEPENDENT: 0.85}[team.stage]
        for _ in range(rng.randint(4, 10)):
            title, theme = rng.choice(ACTIVITIES)
            starts = today - datetime.timedelta(days=rng.randint(-60, 730))
            status = (
                ActivityStatus.DONE
                if starts < today
                else rng.choice([ActivityStatus.IDEA, ActivityStatus.PLANNED])
            )
            activities.append(
                Activity(
                    core_team=team,
                    title=title,
                    theme=theme,
                    starts_on=starts,
                    ends_on=starts + datetime.timedelta(days=rng.randint(1, 60))
                    if rng.random() < 0.15
                    else None,
                    participants=rng.randint(8, 120) if status == ActivityStatus.DONE else None,
                    status=status,
                    verbinder_present=rng.random() >= alone,
                )
            )
            local = by_wijk.get(team.buurt.wijk_id, [])
            partner_sets.append(rng.sample(local, k=min(len(local), rng.randint(0, 2))))
    Activity.objects.bulk_create(activities)
    Through = Activity.partners.through
    Through.objects.bulk_create(
        Through(activity_id=activity.pk, organisation_id=organisation.pk)
        for activity, chosen in zip(activities, partner_sets, strict=True)
        for organisation in chosen
    )
    return len(activities)


# --- Student houses ----------------------------------------------------------------------------

#: A few student houses per wijkteam, with rotating members.
HOUSES_PER_WIJKTEAM = 3
HOUSE_NAMES = ["Huize {street}", "De {tree}", "Studentenhuis {street}", "Het {tree}nest"]
STUDIES = [
    "Technische Natuurkunde",
    "Bouwkunde",
    "Industrial Design",
    "Werktuigbouwkunde",
    "Verpleegkunde (Fontys)",
    "Social Work (Fontys)",
    "Data Science",
    "Elektrotechniek",
    "Pedagogiek (Fontys)",
]
#: What houses offer together: talents from the curated list (if the talents seeder ran).
HOUSE_TALENTS = [
    "Boodschappen doen voor een ander",
    "Hulp met computer",
    "Hulp met smartphone of tablet",
    "Tuinieren",
    "Klussen in huis",
]
HOUSE_TIMES = ["ma avond", "di/do avond", "wo middag", "zaterdagochtend", "zo middag"]


def _student_houses(*, rng: random.Random, fake: Faker, stdout) -> None:
    today = timezone.localdate()
    year = academic_year_of(today)
    talents = list(Talent.objects.filter(name__in=HOUSE_TALENTS))
    buurten_by_team: dict[int, list[Buurt]] = {}
    for buurt in Buurt.objects.select_related("wijk").order_by("pk"):
        buurten_by_team.setdefault(buurt.wijk.wijkteam_id, []).append(buurt)
    houses = []
    for team_buurten in buurten_by_team.values():
        for _ in range(HOUSES_PER_WIJKTEAM):
            street = fake.street_name()
            houses.append(
                StudentHouse(
                    name=rng.choice(HOUSE_NAMES).format(street=street, tree=rng.choice(TREES)),
                    buurt=rng.choice(team_buurten),
                    address=f"{street} {rng.randint(1, 140)}",
                    availability=[
                        {"semester": f"najaar {year}", "when": rng.choice(HOUSE_TIMES)},
                        {"semester": f"voorjaar {year + 1}", "when": rng.choice(HOUSE_TIMES)},
                    ],
                    contact_name=fake.first_name(),
                    contact_email=fake.safe_email(),
                    contact_phone=f"+316{rng.randint(10000000, 99999999)}",
                )
            )
    StudentHouse.objects.bulk_create(houses)
    Through = StudentHouse.talents.through
    Through.objects.bulk_create(
        Through(studenthouse_id=house.pk, talent_id=talent.pk)
        for house in houses
        for talent in rng.sample(talents, k=min(len(talents), rng.randint(1, 2)))
    )
    members = []
    for house in houses:
        for _ in range(rng.randint(3, 6)):
            members.append(
                HouseMember(
                    house=house,
                    first_name=fake.first_name(),
                    study=rng.choice(STUDIES),
                    member_until=datetime.date(year + rng.randint(1, 3), 7, 31),
                    confirmed_year=year,
                )
            )
        # Someone who moved out last year.
        members.append(
            HouseMember(
                house=house,
                first_name=fake.first_name(),
                study=rng.choice(STUDIES),
                member_until=datetime.date(year, 7, 31),
                confirmed_year=year - 1,
                active=False,
                inactive_since=datetime.date(year, 8, 1),
            )
        )
    HouseMember.objects.bulk_create(members)
    # Two houses were asked a few days ago and have not answered yet: "leden niet bevestigd".
    asked = timezone.now() - datetime.timedelta(days=5)
    HouseConfirmation.objects.bulk_create(
        HouseConfirmation(
            house=house, academic_year=year, asked_at=asked, sent_to=house.contact_email
        )
        for house in rng.sample(houses, k=min(2, len(houses)))
    )
    stdout.write(f"Student houses: {len(houses)} houses with {len(members)} members.")
