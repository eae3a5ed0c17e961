from django.http import Http404, HttpResponse


def home(request):
    return HttpResponse("SkillGap")


def healthz(request):
    return HttpResponse("ok")


def role_detail(request, slug):
    raise Http404
