"""Staff pages of the talents app, under the ``talents`` namespace."""


app_name = "talents"

urlpatterns: list = [
    # Residents, talents and conversations (views/residents.py, views/conversations.py)
    # Triage inbox and notification settings (views/inbox.py)
]
