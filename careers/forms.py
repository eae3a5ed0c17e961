"""Forms of the admin's ESCO import: upload the zips, search, choose and preview."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from careers.importers import esco
from careers.models import MAX_LEVEL, MIN_LEVEL
from careers.services import DEFAULT_LEVEL

TOO_BIG = "This file is {size:,.1f} MB; the limit is {limit:,} MB."
NO_OCCUPATION_CHOSEN = "Choose at least one occupation."
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
