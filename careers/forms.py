"""Forms of the catalogue's role search, and of the admin's ESCO import: upload the zips,
search, choose and preview."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from careers.importers import esco
from careers.models import ESCO_SOURCE, MAX_LEVEL, MIN_LEVEL
from careers.search import MAX_QUERY_LENGTH, normalise
from careers.selectors import SEARCH_CACHE_SECONDS, SOURCE_HAND_MADE, RoleCriteria
from careers.services import DEFAULT_LEVEL

TOO_BIG = "This file is {size:,.1f} MB; the limit is {limit:,} MB."
NO_OCCUPATION_CHOSEN = "Choose at least one occupation."
SEARCH_EXAMPLES = "e.g. programmer, nurse, data scientist"
QUERY_TOO_LONG = "Search for at most %(limit_value)d characters (this has %(show_value)d)."
UNKNOWN_SOURCE = "Choose hand-made or ESCO roles, or all of them."
UNKNOWN_GROUP = "Choose an ISCO major group from 0 to 9, or all of them."
# ISCO-08's major groups, as ESCO's occupations carry them (the first digit of iscoGroup).
ISCO_MAJOR_GROUPS = [
    (1, "Managers"),
    (2, "Professionals"),
    (3, "Technicians and associate professionals"),
    (4, "Clerical support workers"),
    (5, "Service and sales workers"),
    (6, "Skilled agricultural, forestry and fishery workers"),
    (7, "Craft and related trades workers"),
    (8, "Plant and machine operators, and assemblers"),
    (9, "Elementary occupations"),
    (0, "Armed forces occupations"),
]


class RoleSearchForm(forms.Form):
    """The search box of the catalogue and of the rung pickers (GET, so no JavaScript)."""

    # Its rendered markup (crispy-forms; the selects' options cost most) is cached this long.
    cache_seconds = SEARCH_CACHE_SECONDS

    q = forms.CharField(
        label="Search roles",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={"max_length": QUERY_TOO_LONG},
        widget=forms.TextInput(attrs={"type": "search", "placeholder": SEARCH_EXAMPLES}),
    )

    @property
    def cache_key(self) -> str:
        """What its rendering depends on, to cache it by: the values as sent; "" when it
        shows errors (then it is rendered each time)."""
        if not self.is_valid():
            return ""
        return repr([self.data.get(name, "") for name in self.fields])

    def text(self) -> str:
        """The search text, or "" when there is none or it was refused."""
        return normalise(self.cleaned_data.get("q", "")) if self.is_valid() else ""


# live-search.js sends this header to get a search's results alone, not the whole page.
RESULTS_ONLY_HEADER = "X-Results-Only"


def wants_results_only(request: HttpRequest) -> bool:
    """Whether a search page was asked for its results alone (by live-search.js)."""
    return request.headers.get(RESULTS_ONLY_HEADER) == "1"


class CatalogueForm(RoleSearchForm):
    source = forms.ChoiceField(
        label="Source",
        required=False,
        choices=[("", "All roles"), (SOURCE_HAND_MADE, "Hand-made ladders"), (ESCO_SOURCE, "ESCO")],
        error_messages={"invalid_choice": UNKNOWN_SOURCE},
    )
    group = forms.TypedChoiceField(
        label="Occupation group",
        required=False,
        choices=[("", "All groups"), *ISCO_MAJOR_GROUPS],
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": UNKNOWN_GROUP},
    )

    def criteria(self, page: str | None) -> RoleCriteria:
        """What to list: the valid fields' values (a refused one counts as not given)."""
        self.is_valid()
        cleaned = self.cleaned_data
        return RoleCriteria(
            text=normalise(cleaned.get("q", "")),
            source=cleaned.get("source", ""),
            group=cleaned.get("group"),
            page=_page_number(page),
        )


def _page_number(page: str | None) -> int:
    # Paginator.get_page takes any page past the last as the last: only garbage needs care.
    return max(1, int(page)) if page and page.isdigit() and len(page) < 7 else 1


UNKNOWN_CHOICE = "{uri} is not an occupation of the uploaded classification."


class EscoUploadForm(forms.Form):
    classification = forms.FileField(
        label="Classification zip",
        help_text="ESCO's classification download in CSV, e.g. "
        "esco-v1.1.1-classification-en-csv.zip.",
    )
    relations = forms.FileField(
        label="Relations zip",
        help_text="ESCO's relations download in CSV, e.g. esco-v1.1.1-relations-csv.zip.",
    )

    def clean_classification(self) -> UploadedFile:
        return _within_limit(self.cleaned_data["classification"])

    def clean_relations(self) -> UploadedFile:
        return _within_limit(self.cleaned_data["relations"])

    def load(self) -> esco.Classification | None:
        """Read both zips; on a problem, put it next to the field at fault and return None."""
        classification = self.cleaned_data["classification"]
        try:
            return esco.load_classification(
                classification,
                self.cleaned_data["relations"],
                version=esco.version_from_filename(classification.name),
                max_unpacked_bytes=settings.ESCO_MAX_UNPACKED_BYTES,
            )
        except esco.EscoError as error:
            self.add_error(error.kind if error.kind in self.fields else None, str(error))
            return None


class EscoSearchForm(forms.Form):
    q = forms.CharField(label="Occupation", max_length=200, required=False, strip=True)


class EscoChoiceForm(forms.Form):
    """The occupations to preview or import (concept URIs), with the import's options."""

    occupation = forms.MultipleChoiceField(
        label="Occupations",
        error_messages={"required": NO_OCCUPATION_CHOSEN},
        widget=forms.MultipleHiddenInput,
    )
    level = forms.TypedChoiceField(
        label="Required level",
        choices=[(n, str(n)) for n in range(MIN_LEVEL, MAX_LEVEL + 1)],
        coerce=int,
        initial=DEFAULT_LEVEL,
        help_text="Every imported requirement's level, 1 (Awareness) to 5 (Expert).",
    )
    reset = forms.BooleanField(
        label="Reset level and importance",
        required=False,
        help_text="Also put back the rule's level and importance on requirements an editor "
        "has changed.",
    )

    def __init__(self, *args, occupations: dict[str, esco.Occupation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.occupations = occupations
        self.fields["occupation"].choices = [(uri, uri) for uri in occupations]
        self.fields["occupation"].error_messages["invalid_choice"] = UNKNOWN_CHOICE.replace(
            "{uri}", "%(value)s"
        )

    def chosen(self) -> list[esco.Occupation]:
        return [self.occupations[uri] for uri in self.cleaned_data["occupation"]]


def _within_limit(upload: UploadedFile) -> UploadedFile:
    limit = settings.ESCO_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            TOO_BIG.format(size=upload.size / esco.MEGABYTE, limit=limit // esco.MEGABYTE)
        )
    return upload
