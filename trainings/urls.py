"""Staff pages of the Kom tot Bloei trainings, under the ``trainings`` namespace."""

from django.urls import path

from .views import participants, residents, trainings

app_name = "trainings"

urlpatterns: list = [
    path("trainingen/", trainings.training_list, name="training-list"),
    path("trainingen/nieuw/", trainings.training_create, name="training-create"),
    path("trainingen/<int:pk>/", trainings.training_detail, name="training-detail"),
    path("trainingen/<int:pk>/bijeenkomsten/nieuw/", trainings.session_add, name="session-add"),
    path(
        "trainingen/<int:pk>/bijeenkomsten/<int:session_pk>/verwijderen/",
        trainings.session_remove,
        name="session-remove",
    ),
    path(
        "trainingen/<int:pk>/deelnemers/nieuw/",
        trainings.participant_add,
        name="participant-add",
    ),
    path(
        "trainingen/<int:pk>/deelnemers/<int:participant_pk>/",
        participants.participant_detail,
        name="participant-detail",
    ),
    path(
        "trainingen/<int:pk>/deelnemers/<int:participant_pk>/aanwezig/<int:session_pk>/",
        trainings.attendance_toggle,
        name="attendance-toggle",
    ),
    path(
        "trainingen/<int:pk>/deelnemers/<int:participant_pk>/verwijderen/",
        trainings.participant_remove,
        name="participant-remove",
    ),
    path(
        "trainingen/<int:pk>/deelnemers/<int:participant_pk>/talenten/",
        participants.participant_talents,
        name="participant-talents",
    ),
    path(
        "trainingen/<int:pk>/deelnemers/<int:participant_pk>/volgende-stap/",
        participants.participant_next_step,
        name="participant-next-step",
    ),
    # A resident's trainings, on the resident's page (a registry Section).
    path("inwoners/<int:pk>/trainingen/", residents.resident_trainings, name="resident-trainings"),
]
