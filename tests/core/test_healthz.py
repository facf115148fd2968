from unittest import mock

from django.db.utils import OperationalError


def test_it_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch("buurtinbloei.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "database"}
    assert response.headers["Retry-After"]


def test_it_is_never_cached(client, db):
    assert "no-cache" in client.get("/healthz").headers["Cache-Control"]
