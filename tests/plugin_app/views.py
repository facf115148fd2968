from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from buurtinbloei.permissions import Perm, requires


@login_required
@requires(Perm.CHANGE_RESIDENTS)
def panel(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return HttpResponse('<section id="proefpaneel">Proefpaneel</section>')
