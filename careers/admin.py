"""The framework editors' tool: every careers model, with counts that cost no extra queries.

List counts come from `annotate()` in `get_queryset`, so a changelist costs the same number
of queries for 3 rows or 300. Counts use `distinct=True` where two reverse relations are
joined at once, so one does not multiply the other.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import HttpRequest
from django.urls import path
from django.utils.text import capfirst

from careers import esco_admin
from careers.admin_lookups import DeclaredLookupsOnly
from careers.cache import bump_framework_version
from careers.models import (
    LearningStep,
    Requirement,
    Role,
    Rung,
    Skill,
    SkillCategory,
    SkillLevel,
)

PEOPLES_APP = "assessments"
HIDDEN_ASSESSMENTS = "Assessments people have taken: {count} (not listed)"
IN_USE = (
    "Used by {assessments} people have taken (drafts included), holding {ratings}: "
    "{what} cannot be deleted. {advice}"
)
ARCHIVE_INSTEAD = (
    "Archive it instead: new assessments and the catalogue stop showing it, and past "
    "reports keep it."
)
ARCHIVE_RUNGS_INSTEAD = (
    "Archive its rungs instead: new assessments and the catalogue stop showing them, and "
    "past reports keep them."
)
ARCHIVE_ADVICE = {"skill": ARCHIVE_INSTEAD, "rung": ARCHIVE_INSTEAD, "role": ARCHIVE_RUNGS_INSTEAD}
# A learning-step link typed without a scheme is a web page: assume https, as Django 6 will.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}
# Shown, never edited: an import finds its records again by them.
PROVENANCE_FIELDS = ["source", "external_id", "source_version", "source_credit"]
PROVENANCE_FIELDSET = ("Source", {"fields": PROVENANCE_FIELDS, "classes": ["collapse"]})


class FrameworkModelAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    """Deleting a framework item can touch people's assessments: count them, never list them.

    Every write also bumps the framework version, so cached reports rebuild their learning
    plans, next rungs and ladders from the edited framework.
    """

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def save_related(self, request: HttpRequest, form, formsets, change) -> None:
        # Runs after save_model, inlines and many-to-many edges: one bump per admin save.
        super().save_related(request, form, formsets, change)
        transaction.on_commit(bump_framework_version)

    def delete_model(self, request: HttpRequest, obj) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(bump_framework_version)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        super().delete_queryset(request, queryset)
        transaction.on_commit(bump_framework_version)

    def get_deleted_objects(self, objs, request: HttpRequest):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Protected objects block the delete for everyone; Django would otherwise tell
            # an editor "no permission to delete assessments" instead of why.
            perms_needed = set()
        if not request.user.has_perm(f"{PEOPLES_APP}.view_assessment"):
            deleted = _without_peoples_data(deleted)
            kept = _without_peoples_data(protected)
            if len(kept) < len(protected):
                kept.append(HIDDEN_ASSESSMENTS.format(count=len(protected) - len(kept)))
            protected = kept
        in_use = in_use_message(list(objs))
        if in_use:
            protected = [in_use, *protected]
        return deleted, counts, perms_needed, protected


def in_use_message(objs: list[models.Model]) -> str:
    """Why `objs` (skills, rungs or roles) cannot be deleted, or "" if no person uses them.

    People's ratings and assessments protect the framework items they use (the database
    refuses the delete); this says how many, and what to do instead.
    """
    if not objs or type(objs[0]) not in (Skill, Rung, Role):
        return ""
    assessment_model = apps.get_model(PEOPLES_APP, "Assessment")
    rating_model = apps.get_model(PEOPLES_APP, "Rating")
    model_name = type(objs[0])._meta.model_name
    pks = [obj.pk for obj in objs]
    through = {
        "skill": ("ratings__skill__in", "skill__in"),
        "rung": ("rung__in", "assessment__rung__in"),
        "role": ("rung__role__in", "assessment__rung__role__in"),
    }[model_name]
    assessments = assessment_model.objects.filter(**{through[0]: pks}).distinct().count()
    if not assessments:
        return ""
    ratings = rating_model.objects.filter(**{through[1]: pks}).count()
    return IN_USE.format(
        assessments=_count(assessments, "assessment"),
        ratings=_count(ratings, "rating"),
        what="it" if len(objs) == 1 else "they",
        advice=ARCHIVE_ADVICE[model_name],
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _without_peoples_data(items: list[Any]) -> list[Any]:
    """Drop people's objects (and what nests under them) from the admin's deletion tree."""
    prefixes = tuple(
        f"{capfirst(model._meta.verbose_name)}: "
        for model in apps.get_app_config(PEOPLES_APP).get_models()
    )
    kept: list[Any] = []
    dropped = False
    for item in items:
        if isinstance(item, list):
            children = [] if dropped else _without_peoples_data(item)
            if children:
                kept.append(children)
        else:
            dropped = str(item).startswith(prefixes)
            if not dropped:
                kept.append(item)
    return kept


class RungInline(admin.TabularInline):
    model = Rung
    fields = ["order", "title", "slug", "salary_min", "salary_max", "archived"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.hand_clean_DELETE = _refuse_deleting_what_people_use(
            formset.form.hand_clean_DELETE
        )
        return formset


def _refuse_deleting_what_people_use(check):
    """Say how many assessments use a rung ticked for deletion, instead of Django's list of
    protected objects (which would name each person's assessment to an editor)."""

    def hand_clean_DELETE(form) -> None:
        if form.cleaned_data.get(DELETION_FIELD_NAME) and form.instance.pk:
            message = in_use_message([form.instance])
            if message:
                raise ValidationError(message)
        check(form)

    return hand_clean_DELETE


class _SkillAutocomplete(AutocompleteSelect):
    """Label every row's chosen skill from one query, not one query per row.

    Django's autocomplete widget looks up its selected option on each render, and a rung
    has dozens of requirement rows. Each row's copy of the widget shares `labels`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels: dict[str, str] = {}

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if chosen and not self.labels:
            label = self.choices.field.label_from_instance
            self.labels.update((str(obj.pk), label(obj)) for obj in self.choices.queryset)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in chosen:
            if pk in self.labels:
                options.append(self.create_option(name, pk, self.labels[pk], True, len(options)))
        return [(None, options, 0)]


class RequirementInline(admin.TabularInline):
    model = Requirement
    fields = ["skill", "level", "importance"]
    autocomplete_fields = ["skill"]
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet[Requirement]:
        # Each row is labelled with str(requirement), which names its rung and skill.
        return super().get_queryset(request).select_related("rung", "skill")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "skill":
            kwargs["widget"] = _SkillAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "skill":
            # A rung has dozens of rows: three edit/add/view icons on each is noise, and
            # skills are edited on their own page.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = widget.can_view_related = False
        return formfield


class LearningStepInline(admin.TabularInline):
    model = LearningStep
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    fields = ["title", "kind", "url", "hours", "target_level"]
    extra = 0


class SkillLevelInline(admin.TabularInline):
    model = SkillLevel
    fields = ["level", "description"]
    ordering = ["level"]
    extra = 0
    max_num = 5


@admin.register(SkillCategory)
class SkillCategoryAdmin(FrameworkModelAdmin):
    list_display = ["name", "order", "skill_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[SkillCategory]:
        return super().get_queryset(request).annotate(skill_count=Count("skills"))

    @admin.display(description="skills", ordering="skill_count")
    def skill_count(self, category: SkillCategory) -> int:
        return category.skill_count


@admin.register(Skill)
class SkillAdmin(FrameworkModelAdmin):
    list_display = [
        "name",
        "category",
        "requirement_count",
        "learning_step_count",
        "source",
        "archived",
    ]
    list_filter = ["category", "source", "archived"]
    list_select_related = ["category"]
    search_fields = ["name", "description", "alternative_labels"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = PROVENANCE_FIELDS
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "description", "alternative_labels"]}),
        PROVENANCE_FIELDSET,
    ]
    inlines = [SkillLevelInline, LearningStepInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Skill]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                requirement_count=Count("requirements", distinct=True),
                learning_step_count=Count("learning_steps", distinct=True),
            )
            # Aggregation drops Meta.ordering, and the skill autocomplete pages through this.
            .order_by("name")
        )

    @admin.display(description="requirements", ordering="requirement_count")
    def requirement_count(self, skill: Skill) -> int:
        return skill.requirement_count

    @admin.display(description="learning steps", ordering="learning_step_count")
    def learning_step_count(self, skill: Skill) -> int:
        return skill.learning_step_count


@admin.register(Role)
class RoleAdmin(FrameworkModelAdmin):
    list_display = ["name", "order", "rung_count", "source"]
    list_filter = ["source"]
    search_fields = ["name", "overview", "alternative_labels"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = PROVENANCE_FIELDS
    fieldsets = [
        (None, {"fields": ["name", "slug", "order", "overview", "responsibilities"]}),
        # What the catalogue's search and group filter read besides the name.
        ("Finding the role", {"fields": ["alternative_labels", "isco_group"]}),
        PROVENANCE_FIELDSET,
    ]
    inlines = [RungInline]

    def get_urls(self):
        view = self.admin_site.admin_view(esco_admin.esco_import)
        return [path("import-esco/", view, name="careers_role_import_esco"), *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_esco": esco_admin.can_import(request.user),
        }
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Role]:
        return super().get_queryset(request).annotate(rung_count=Count("rungs"))

    @admin.display(description="rungs", ordering="rung_count")
    def rung_count(self, role: Role) -> int:
        return role.rung_count


@admin.register(Rung)
class RungAdmin(FrameworkModelAdmin):
    list_display = ["title", "role", "order", "salary_band", "requirement_count", "archived"]
    list_filter = ["role", "archived"]
    list_select_related = ["role"]
    search_fields = ["title", "summary", "role__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["next_rungs"]
    inlines = [RequirementInline]
    fieldsets = [
        (None, {"fields": ["role", "order", "title", "slug", "archived"]}),
        # Collapsed so the requirements, what editors tune most, start near the top.
        ("Description", {"fields": ["summary", "responsibilities"], "classes": ["collapse"]}),
        ("Salary band (US$ per year)", {"fields": ["salary_min", "salary_max"]}),
        ("Progression", {"fields": ["next_rungs"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Rung]:
        return super().get_queryset(request).annotate(requirement_count=Count("requirements"))

    @admin.display(description="requirements", ordering="requirement_count")
    def requirement_count(self, rung: Rung) -> int:
        return rung.requirement_count

    @admin.display(description="salary band")
    def salary_band(self, rung: Rung) -> str | None:
        if not rung.has_salary_band:
            return None  # shown as the admin's empty value
        return f"${rung.salary_min:,}\u2013${rung.salary_max:,}"


@admin.register(Requirement)
class RequirementAdmin(FrameworkModelAdmin):
    list_display = ["skill", "rung", "level", "importance"]
    list_filter = ["level", "importance", "rung__role", "skill__category"]
    list_select_related = ["skill", "rung"]
    search_fields = ["skill__name", "rung__title"]
    autocomplete_fields = ["rung", "skill"]


@admin.register(LearningStep)
class LearningStepAdmin(FrameworkModelAdmin):
    list_display = ["title", "skill", "kind", "target_level", "hours"]
    list_filter = ["kind", "target_level", "skill__category"]
    list_select_related = ["skill"]
    search_fields = ["title", "skill__name"]
    autocomplete_fields = ["skill"]
