"""The admin page "Import from ESCO": upload the two zips, search, preview, import.

Superusers and the Framework editors group only. The page keeps the last upload on disk
(careers.esco_upload), so later imports need no new upload. Each step is a plain form:
upload (POST action=upload), search (GET q=), preview (POST action=preview: a dry run) and
import (POST action=import), so it all works without JavaScript.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from careers import esco_upload
from careers.forms import EscoChoiceForm, EscoSearchForm, EscoUploadForm
from careers.importers import esco
from careers.models import Role
from careers.names import matching_label
from careers.services import ImportRefusedError, ImportSummary, import_occupations

FRAMEWORK_EDITORS = "Framework editors"
TEMPLATE = "admin/careers/esco_import.html"
UPLOADED = "Uploaded {classification} and {relations} (ESCO {version}): {summary}."
NO_UPLOAD = "Upload ESCO's two zips first."
UPLOAD_UNREADABLE = "The last upload can no longer be read: {error} Upload the zips again."
IMPORTED = "Imported from ESCO: {roles}. {summary}"
REQUEST_TOO_BIG = "The upload is larger than two zips of {limit:,} MB each: nothing was read."
# Room for the form's other fields and the multipart framing around the two files.
REQUEST_OVERHEAD_BYTES = 64 * 1024


class SearchResult(NamedTuple):
    occupation: esco.Occupation
    matched_label: str  # the alternative label it was found by, "" if by its own label


def can_import(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=FRAMEWORK_EDITORS).exists()
    )


def esco_import(request: HttpRequest) -> HttpResponse:
    if not can_import(request.user):
        raise PermissionDenied
    if _declared_length(request) > 2 * settings.ESCO_MAX_UPLOAD_BYTES + REQUEST_OVERHEAD_BYTES:
        # Refused before the body is read, so an oversized upload never reaches the disk.
        limit = settings.ESCO_MAX_UPLOAD_BYTES // esco.MEGABYTE
        messages.error(request, REQUEST_TOO_BIG.format(limit=limit))
        return _page(request, status=413, chosen=set())
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "upload":
        return _upload(request)
    if action in {"preview", "import"}:
        return _choose(request, commit=action == "import")
    return _page(request)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _page(
    request: HttpRequest,
    *,
    status: int = 200,
    upload_form: EscoUploadForm | None = None,
    choice_form: EscoChoiceForm | None = None,
    preview: ImportSummary | None = None,
    chosen: set[str] | None = None,
) -> HttpResponse:
    upload = esco_upload.last_upload()
    search = EscoSearchForm(request.GET or None)
    context = {
        **admin.site.each_context(request),
        "title": "Import from ESCO",
        "opts": Role._meta,
        "upload": upload,
        "upload_form": upload_form or EscoUploadForm(),
        "search_form": search,
        "results": _search(request, upload, search),
        "chosen": set(request.POST.getlist("occupation")) if chosen is None else chosen,
        "choice_form": choice_form or EscoChoiceForm(occupations={}),
        "preview": preview,
        "max_upload_mb": settings.ESCO_MAX_UPLOAD_BYTES // esco.MEGABYTE,
    }
    return render(request, TEMPLATE, context, status=status)


def _search(
    request: HttpRequest, upload: esco_upload.Upload | None, search: EscoSearchForm
) -> list[SearchResult]:
    if upload is None or not search.is_valid() or not search.cleaned_data["q"]:
        return []
    try:
        occupations = esco.load_occupations(
            upload.classification, max_unpacked_bytes=settings.ESCO_MAX_UNPACKED_BYTES
        )
    except esco.EscoError as error:
        messages.error(request, UPLOAD_UNREADABLE.format(error=error))
        return []
    text = search.cleaned_data["q"]
    return [
        SearchResult(
            occupation, matching_label(occupation.label, occupation.alternative_labels, text)
        )
        for occupation in esco.search_occupations(occupations, text)
    ]


def _upload(request: HttpRequest) -> HttpResponse:
    form = EscoUploadForm(request.POST, request.FILES)
    classification = form.load() if form.is_valid() else None
    if classification is None:
        return _page(request, status=400, upload_form=form)
    upload = esco_upload.keep_upload(
        classification=form.cleaned_data["classification"],
        relations=form.cleaned_data["relations"],
        classification_name=form.cleaned_data["classification"].name,
        relations_name=form.cleaned_data["relations"].name,
        version=classification.version,
        uploaded_by=request.user.get_username(),
    )
    summary = (
        f"{len(classification.occupations):,} occupations, "
        f"{len(classification.skill_rows):,} skills, "
        f"{classification.relation_count:,} relations"
    )
    messages.success(
        request,
        UPLOADED.format(
            classification=upload.classification_name,
            relations=upload.relations_name,
            version=upload.version or "version unknown",
            summary=summary,
        ),
    )
    return HttpResponseRedirect(request.path)


def _choose(request: HttpRequest, *, commit: bool) -> HttpResponse:
    upload = esco_upload.last_upload()
    if upload is None:
        messages.error(request, NO_UPLOAD)
        return HttpResponseRedirect(request.path)
    try:
        classification = esco.load_classification(
            upload.classification,
            upload.relations,
            version=upload.version,
            max_unpacked_bytes=settings.ESCO_MAX_UNPACKED_BYTES,
        )
    except esco.EscoError as error:
        messages.error(request, UPLOAD_UNREADABLE.format(error=error))
        return HttpResponseRedirect(request.path)
    form = EscoChoiceForm(request.POST, occupations=classification.occupations)
    if not form.is_valid():
        return _page(request, status=400, choice_form=form)
    try:
        summary = import_occupations(
            classification=classification,
            occupations=form.chosen(),
            level=form.cleaned_data["level"],
            reset=form.cleaned_data["reset"],
            dry_run=not commit,
        )
    except (esco.EscoError, ImportRefusedError) as error:
        form.add_error(None, str(error))
        return _page(request, status=400, choice_form=form)
    if not commit:
        return _page(request, choice_form=form, preview=summary)
    messages.success(request, _imported_message(summary))
    # Back to the same search, so the next occupation is one click away.
    return HttpResponseRedirect(request.get_full_path())


def _imported_message(summary: ImportSummary) -> str:
    slugs = [entry.role_slug for entry in summary.occupations]
    # Query: the roles' ids, for their admin pages.
    ids = dict(Role.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    roles = format_html_join(
        ", ",
        '<a href="{}">{}</a> ({}; <a href="{}">edit<span class="visually-hidden"> {}</span></a>)',
        (
            (
                reverse("careers:role_detail", args=[entry.role_slug]),
                entry.role_name,
                entry.crosswalk_matches,
                reverse("admin:careers_role_change", args=[ids[entry.role_slug]]),
                entry.role_name,
            )
            for entry in summary.occupations
        ),
    )
    return format_html(IMPORTED, roles=roles, summary=" ".join(summary.lines()))
