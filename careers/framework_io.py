"""Export and import the career framework as fixture-compatible JSON.

The export is exactly what `manage.py dumpdata` writes for the seven careers models with
`--natural-foreign --natural-primary --indent 2`, so `fixtures/careers.json` and an export
are interchangeable.

An import checks the whole file before it writes anything (JSON, record shape, models,
fields, values, duplicates, references), then upserts every record by natural key inside one
transaction, running `full_clean()` on each object before saving it. Any error rolls the
whole import back and raises `FrameworkImportError` naming the record and field.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models.constants import LOOKUP_SEP

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

FRAMEWORK_MODELS: tuple[type[models.Model], ...] = (
    SkillCategory,
    Skill,
    Role,
    Rung,
    Requirement,
    LearningStep,
    SkillLevel,
)
# The fields that make up each model's natural key, in natural_key() order. A foreign key
# contributes its target's natural key.
NATURAL_KEY_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    SkillCategory: ("slug",),
    Skill: ("slug",),
    Role: ("slug",),
    Rung: ("slug",),
    Requirement: ("rung", "skill"),
    LearningStep: ("skill", "title"),
    SkillLevel: ("skill", "level"),
}

INVALID_JSON = "The file is not valid JSON: {error}."
NOT_A_LIST = "The file must hold a JSON list of records, as export_framework writes."
NOT_A_RECORD = 'Record {index}: expected an object with "model" and "fields".'
UNKNOWN_MODEL = "Record {index}: unknown model {model}; expected one of {expected}."
MISSING_FIELD = "{record}, field {field!r}: missing."
UNKNOWN_FIELD = "{record}, field {field!r}: not a field of this model."
WRONG_TYPE = "{record}, field {field!r}: expected {expected}."
INVALID_VALUE = "{record}, field {field!r}: {message}"
INVALID_RECORD = "{record}: {message}"
UNKNOWN_REFERENCE = "{record}, field {field!r}: no {model} with natural key {key}."
DUPLICATE_RECORD = "{record}: duplicate of record {first}."
DATABASE_REFUSED = "{record}: the database refused it: {error}"

NaturalKey = tuple[str, ...]

# The many rows of these models are fully checked before writing: their check constraints
# repeat the field validators, their only unique constraint is the natural key (duplicates
# are refused, matches are updated), and their foreign keys resolve to saved rows. Cleaning
# them again would cost several queries a row; the database constraints remain the backstop.
_CHECKED_BY_PARSING: frozenset[type[models.Model]] = frozenset(
    {Requirement, LearningStep, SkillLevel}
)


class FrameworkImportError(Exception):
    """The file cannot be imported; the message names the record and field."""


@dataclass
class _Record:
    index: int  # 1-based position in the file
    model: type[models.Model]
    values: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, NaturalKey] = field(default_factory=dict)
    many: dict[str, list[NaturalKey]] = field(default_factory=dict)
    key: NaturalKey = ()

    @property
    def label(self) -> str:
        name = self.model._meta.label_lower
        if not self.key:
            return f"Record {self.index} ({name})"
        return f"Record {self.index} ({name} {json.dumps(list(self.key))})"


@dataclass(frozen=True)
class ImportCount:
    created: int
    updated: int


def export_framework() -> str:
    """Return the framework as JSON, byte-for-byte what dumpdata writes for it.

    Models come in dumpdata's dependency order and rows in primary-key order; the
    querysets only add joins and prefetches, which change the query count, not the output.
    """
    careers = apps.get_app_config("careers")
    ordered = serializers.sort_dependencies([(careers, list(FRAMEWORK_MODELS))], allow_cycles=True)
    querysets = {
        SkillCategory: SkillCategory.objects.all(),
        Skill: Skill.objects.select_related("category"),
        Role: Role.objects.all(),
        Rung: Rung.objects.select_related("role").prefetch_related("next_rungs"),
        Requirement: Requirement.objects.select_related("rung", "skill"),
        LearningStep: LearningStep.objects.select_related("skill"),
        SkillLevel: SkillLevel.objects.select_related("skill"),
    }
    objects = [obj for model in ordered for obj in querysets[model].order_by("pk")]
    return serializers.serialize(
        "json",
        objects,
        indent=2,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )


def import_framework(text: str) -> dict[type[models.Model], ImportCount]:
    """Validate `text` completely, then create or update every record by natural key.

    Returns created/updated counts per model. Raises `FrameworkImportError` and leaves the
    database unchanged if anything in the file is wrong.
    """
    records = _parse_records(text)
    _check_duplicates(records)
    _check_references(records)
    with transaction.atomic():
        counts = _write_records(records)
        transaction.on_commit(bump_framework_version)  # cached reports rebuild
        return counts


# Parsing: shape, models, fields and values, all without touching the database.


def _parse_records(text: str) -> list[_Record]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise FrameworkImportError(INVALID_JSON.format(error=error)) from None
    if not isinstance(data, list):
        raise FrameworkImportError(NOT_A_LIST)
    return [_parse_record(index, raw) for index, raw in enumerate(data, start=1)]


def _parse_record(index: int, raw: Any) -> _Record:
    if not (isinstance(raw, dict) and isinstance(raw.get("fields"), dict)):
        raise FrameworkImportError(NOT_A_RECORD.format(index=index))
    label = raw.get("model")
    model = _MODELS_BY_LABEL.get(label) if isinstance(label, str) else None
    if model is None:
        expected = ", ".join(_MODELS_BY_LABEL)
        raise FrameworkImportError(
            UNKNOWN_MODEL.format(index=index, model=json.dumps(raw.get("model")), expected=expected)
        )
    fields = raw["fields"]
    record = _Record(index=index, model=model, key=_key_as_written(model, fields))
    known = {f.name for f in _editable_fields(model)}
    for name in fields:
        if name not in known:
            raise FrameworkImportError(UNKNOWN_FIELD.format(record=record.label, field=name))
    for model_field in _editable_fields(model):
        if model_field.name in fields:
            _parse_value(record, model_field, fields[model_field.name])
        elif not (model_field.blank or model_field.has_default()):
            raise FrameworkImportError(
                MISSING_FIELD.format(record=record.label, field=model_field.name)
            )
    record.key = _natural_key(record)
    return record


def _parse_value(record: _Record, model_field: models.Field, value: Any) -> None:
    name = model_field.name
    if model_field.many_to_many:
        if not isinstance(value, list):
            raise FrameworkImportError(
                WRONG_TYPE.format(record=record.label, field=name, expected="a list")
            )
        target = model_field.related_model
        record.many[name] = [_parse_reference(record, name, target, item) for item in value]
    elif model_field.is_relation:
        record.refs[name] = _parse_reference(record, name, model_field.related_model, value)
    else:
        record.values[name] = _clean_value(record, model_field, value)


def _parse_reference(
    record: _Record, name: str, target: type[models.Model], value: Any
) -> NaturalKey:
    arity = len(NATURAL_KEY_FIELDS[target])
    if not (
        isinstance(value, list)
        and len(value) == arity
        and all(isinstance(part, str) and part and _is_storable_text(part) for part in value)
    ):
        expected = f"a {target._meta.verbose_name} natural key: a list of {arity} string(s)"
        raise FrameworkImportError(
            WRONG_TYPE.format(record=record.label, field=name, expected=expected)
        )
    return tuple(value)


def _clean_value(record: _Record, model_field: models.Field, value: Any) -> Any:
    name = model_field.name
    if value is not None:
        if isinstance(model_field, models.IntegerField):
            wrong = isinstance(value, bool) or not isinstance(value, int)
            expected = "a whole number"
        elif isinstance(model_field, models.BooleanField):
            wrong = not isinstance(value, bool)
            expected = "true or false"
        else:
            wrong = not (isinstance(value, str) and _is_storable_text(value))
            expected = "text without NUL characters or lone surrogates"
        if wrong:
            raise FrameworkImportError(
                WRONG_TYPE.format(record=record.label, field=name, expected=expected)
            )
    try:
        return model_field.clean(value, None)
    except ValidationError as error:
        message = " ".join(error.messages)
        raise FrameworkImportError(
            INVALID_VALUE.format(record=record.label, field=name, message=message)
        ) from None


def _is_storable_text(value: str) -> bool:
    # JSON escapes can spell a NUL or a lone surrogate (\ud800); no database stores them.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def _natural_key(record: _Record) -> NaturalKey:
    parts: list[str] = []
    for name in NATURAL_KEY_FIELDS[record.model]:
        parts.extend(record.refs[name] if name in record.refs else [record.values[name]])
    return tuple(parts)


def _key_as_written(model: type[models.Model], fields: dict[str, Any]) -> NaturalKey:
    """The natural key as the file spells it, to name the record before it is validated."""
    parts: list[str] = []
    for name in NATURAL_KEY_FIELDS[model]:
        value = fields.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool):
            parts.append(value)
        elif isinstance(value, list) and all(isinstance(part, str) for part in value):
            parts.extend(value)
        else:
            return ()
    return tuple(parts)


def _editable_fields(model: type[models.Model]) -> list[models.Field]:
    opts = model._meta
    return [f for f in opts.local_fields if not f.primary_key] + list(opts.local_many_to_many)


_MODELS_BY_LABEL = {model._meta.label_lower: model for model in FRAMEWORK_MODELS}


# Cross-record checks: duplicates within the file, references to the file or the database.


def _check_duplicates(records: list[_Record]) -> None:
    first_seen: dict[tuple[type[models.Model], NaturalKey], int] = {}
    for record in records:
        first = first_seen.setdefault((record.model, record.key), record.index)
        if first != record.index:
            raise FrameworkImportError(DUPLICATE_RECORD.format(record=record.label, first=first))


def _check_references(records: list[_Record]) -> None:
    in_file = {(record.model, record.key) for record in records}
    for record in records:
        for name, key in record.refs.items():
            _check_reference(record, name, key, in_file)
        for name, keys in record.many.items():
            for key in keys:
                _check_reference(record, name, key, in_file)


def _check_reference(
    record: _Record, name: str, key: NaturalKey, in_file: set[tuple[type, NaturalKey]]
) -> None:
    target = record.model._meta.get_field(name).related_model
    if (target, key) in in_file or _find(target, key) is not None:
        return
    raise FrameworkImportError(
        UNKNOWN_REFERENCE.format(
            record=record.label,
            field=name,
            model=target._meta.verbose_name,
            key=json.dumps(list(key)),
        )
    )


def _find(model: type[models.Model], key: NaturalKey) -> models.Model | None:
    try:
        return model._default_manager.get_by_natural_key(*key)
    except model.DoesNotExist:
        return None


# Writing: in dependency order, each object cleaned before it is saved.


def _write_records(records: list[_Record]) -> dict[type[models.Model], ImportCount]:
    saved: dict[type[models.Model], dict[NaturalKey, models.Model]] = defaultdict(dict)
    counts: dict[type[models.Model], ImportCount] = {}
    for model in FRAMEWORK_MODELS:
        existing = {obj.natural_key(): obj for obj in _existing(model)}
        created = updated = 0
        for record in (r for r in records if r.model is model):
            instance = existing.get(record.key) or model()
            if instance.pk is None:
                created += 1
            else:
                updated += 1
            _fill(instance, record, saved)
            _save(instance, record)
            saved[model][record.key] = instance
        counts[model] = ImportCount(created=created, updated=updated)
    for record in records:
        instance = saved[record.model][record.key]
        for name, keys in record.many.items():
            target = record.model._meta.get_field(name).related_model
            getattr(instance, name).set([_resolve(target, key, saved) for key in keys])
    return counts


def _existing(model: type[models.Model]) -> models.QuerySet:
    relations = [
        name for name in NATURAL_KEY_FIELDS[model] if model._meta.get_field(name).is_relation
    ]
    return model._default_manager.select_related(*relations)


def _fill(instance: models.Model, record: _Record, saved: dict) -> None:
    for name, value in record.values.items():
        setattr(instance, name, value)
    for name, key in record.refs.items():
        target = record.model._meta.get_field(name).related_model
        setattr(instance, name, _resolve(target, key, saved))


def _resolve(target: type[models.Model], key: NaturalKey, saved: dict) -> models.Model:
    instance = saved[target].get(key)
    if instance is None:
        instance = target._default_manager.get_by_natural_key(*key)
        saved[target][key] = instance
    return instance


def _save(instance: models.Model, record: _Record) -> None:
    try:
        if record.model in _CHECKED_BY_PARSING:
            instance.full_clean(exclude=list(record.refs), validate_constraints=False)
        else:
            instance.full_clean()
        instance.save()
    except ValidationError as error:
        raise FrameworkImportError(_describe(error, record)) from None
    except DatabaseError as error:
        raise FrameworkImportError(
            DATABASE_REFUSED.format(record=record.label, error=error)
        ) from None


def _describe(error: ValidationError, record: _Record) -> str:
    problems = []
    for name, messages in error.message_dict.items():
        message = " ".join(messages)
        if name == NON_FIELD_ERRORS:
            name = ", ".join(_constraint_fields(record.model, message))
        if not name:
            problems.append(INVALID_RECORD.format(record=record.label, message=message))
        else:
            problems.append(INVALID_VALUE.format(record=record.label, field=name, message=message))
    return "\n".join(problems)


def _constraint_fields(model: type[models.Model], message: str) -> list[str]:
    """The fields a violated check constraint reads, so the error can name them."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint) and constraint.name in message:
            return list(dict.fromkeys(_lookup_fields(constraint.condition)))
    return []


def _lookup_fields(condition: models.Q) -> list[str]:
    fields = []
    for child in condition.children:
        if isinstance(child, models.Q):
            fields.extend(_lookup_fields(child))
        else:
            fields.append(child[0].split(LOOKUP_SEP)[0])
    return fields
