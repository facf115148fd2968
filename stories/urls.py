from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("verhalen/", views.story_list, name="story-list"),
    path("verhalen/rapport/", views.story_report, name="story-report"),
    path("verhalen/nieuw/<str:about>/<int:pk>/", views.story_create, name="story-create"),
    path("verhalen/<int:pk>/", views.story_detail, name="story-detail"),
    path("verhalen/<int:pk>/bewerken/", views.story_edit, name="story-edit"),
    path("verhalen/<int:pk>/verwijderen/", views.story_delete, name="story-delete"),
    path("verhalen/<int:pk>/foto/", views.story_photo, name="story-photo"),
    path("verhalen/<int:pk>/personen/", views.person_add, name="person-add"),
    path(
        "verhalen/<int:pk>/personen/<int:person_pk>/intrekken/",
        views.person_withdraw,
        name="person-withdraw",
    ),
    path("verhalen/over/match/<int:pk>/", views.match_stories, name="match-stories"),
    path("verhalen/over/kernteam/<int:pk>/", views.coreteam_stories, name="coreteam-stories"),
]
