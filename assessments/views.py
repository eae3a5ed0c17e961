from django.http import Http404


def _not_built(request, *args, **kwargs):
    raise Http404


dashboard = new = rate = report = report_csv = report_json = _not_built
