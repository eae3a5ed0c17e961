"""Admin changelists filter only by what they declare: their list filters, date drill-down
and search.

Django's admin otherwise accepts any lookup on a model's own fields from the query string:
`?name__regex=(` reached the database and answered 500, and a pathological pattern held a
worker until it was killed. Every ModelAdmin on the site mixes in `DeclaredLookupsOnly`
(a test checks), so a crafted query string gets the admin's 400 page instead.
"""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.widgets import url_params_from_lookup_dict
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

# Never allowed, even where a filter would accept them: a pattern runs in the database.
REFUSED_LOOKUPS = frozenset({"regex", "iregex"})
# The parameters Django's own field filters put in the query string, after the field path.
FIELD_FILTER_LOOKUPS = ("exact", "isnull", "isempty", "gte", "lt")
# PostgreSQL stores no NUL character, and refuses a query that compares with one.
NUL = "\x00"
# The date drill-down's parameters and the values it can turn into a date range: Django
# computes the end of the range a year (or a day) on, which overflows at year 9999.
DATE_PARTS = {"year": range(1, 9999), "month": range(1, 13), "day": range(1, 32)}


class DeclaredLookupsOnly:
    """A ModelAdmin mixin: refuse every query-string lookup its changelist does not declare."""

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        if REFUSED_LOOKUPS.intersection(lookup.split(LOOKUP_SEP)) or NUL in value:
            return False
        date_part = self._date_part(lookup)
        if date_part:
            return _is_whole_number_in(value, DATE_PARTS[date_part])
        return lookup in self.declared_parameters(request) or self._limits_a_popup(lookup, value)

    def _date_part(self, lookup: str) -> str:
        field, _, part = lookup.rpartition(LOOKUP_SEP)
        if self.date_hierarchy and field == self.date_hierarchy and part in DATE_PARTS:
            return part
        return ""

    def declared_parameters(self, request: HttpRequest | None = None) -> set[str]:
        """The query-string names the declared list filters read."""
        declared = self.get_list_filter(request) if request is not None else self.list_filter
        names: set[str] = set()
        for item in declared:
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                names.add(item.parameter_name)
                continue
            path = item[0] if isinstance(item, (list, tuple)) else item
            names.update(_field_filter_parameters(self.model, path))
        return names

    def _limits_a_popup(self, lookup: str, value: str) -> bool:
        """A raw-id popup passes its field's `limit_choices_to` in the query string."""
        for limit in self.model._meta.related_fkey_lookups:
            params = url_params_from_lookup_dict(limit() if callable(limit) else limit)
            if params.get(lookup) == value:
                return True
        return False


def _field_filter_parameters(model, path: str) -> set[str]:
    field = get_fields_from_path(model, path)[-1]
    if field.is_relation:
        # Compared through the related key: an integer lookup that copes with any number.
        lookups = [f"{field.target_field.name}{LOOKUP_SEP}exact", "isnull"]
    else:
        lookups = FIELD_FILTER_LOOKUPS
    return {f"{path}{LOOKUP_SEP}{lookup}" for lookup in lookups}


def _is_whole_number_in(value: str, allowed: range) -> bool:
    return value.isascii() and value.isdigit() and int(value) in allowed
