"""Finding roles by what people call them: the one search behind the catalogue and both
rung pickers (a new assessment's and a team's).

A role matches on its name, its rungs' titles, its overview (description) and its
alternative labels (ESCO's), best match first. Matches fall into tiers, the same on every
database, so a role named exactly as asked always comes before one that only mentions the
words somewhere ("data scientist" puts *data scientist* well before *cosmologist*, whose
alternative labels include "cosmology data scientist"):

0. the name or a rung title is the text;
1. an alternative label is the text ("programmer" finds *software developer*);
2. the name or a rung title starts with the text;
3. the name or a rung title contains it;
4. an alternative label contains it;
5. the rest that match.

On PostgreSQL a role matches by full-text search (English stemming; the name weighs most,
then the alternative labels, then the overview), by a rung title containing the text, or
by trigram word similarity of its name or alternative labels (indexed), so
"sofware developer" still finds it; each tier puts hand-made roles first, then orders by
rank. Elsewhere (SQLite) every word of the text must appear in one of the searched fields,
and each tier is in BROWSE_ORDER: hand-made roles first, then by name.
"""

from __future__ import annotations

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Lower

from careers.models import Role, Rung

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200

# Hand-made roles first, then the rest by name whatever its case ("ICT buyer" among the
# "i"s, not before every lower-case ESCO label): the catalogue's order without a search.
BROWSE_ORDER = ("source", "order", Lower("name"), "name")


def search_roles(text: str, roles: QuerySet[Role] | None = None) -> QuerySet[Role]:
    """The roles among `roles` (default: all) that match `text`, best match first.

    Blank text matches every role, in BROWSE_ORDER. The result is a lazy queryset (one
    query when evaluated), to slice or paginate.
    """
    roles = Role.objects.all() if roles is None else roles
    text = normalise(text)
    if not text:
        return roles.order_by(*BROWSE_ORDER)
    tiered = roles.annotate(
        # One label a line: a label is the text when the text sits between two line breaks.
        labels_by_line=Concat(
            Value("\n"), "alternative_labels", Value("\n"), output_field=TextField()
        )
    ).annotate(search_tier=_tier(text))
    if connections[roles.db].vendor == "postgresql":
        return _postgres_match(tiered, text)
    return _plain_match(tiered, text)


def normalise(text: str | None) -> str:
    """The text as searched: white space collapsed, at most MAX_QUERY_LENGTH characters."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def _current_rungs() -> QuerySet[Rung]:
    return Rung.objects.current().filter(role=OuterRef("pk"))


def _rung_title(lookup: str, text: str) -> Q:
    # Not correlated with the role: the database reads the matching rungs once, not per role.
    rungs = Rung.objects.current().filter(**{f"title__{lookup}": text}).order_by()
    return Q(pk__in=rungs.values("role_id"))


def _tier(text: str) -> Case:
    return Case(
        When(Q(name__iexact=text) | _rung_title("iexact", text), then=Value(0)),
        When(labels_by_line__icontains=f"\n{text}\n", then=Value(1)),
        When(Q(name__istartswith=text) | _rung_title("istartswith", text), then=Value(2)),
        When(Q(name__icontains=text) | _rung_title("icontains", text), then=Value(3)),
        When(alternative_labels__icontains=text, then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )


def _plain_match(roles: QuerySet[Role], text: str) -> QuerySet[Role]:
    for word in text.split():
        roles = roles.filter(
            Q(name__icontains=word)
            | Q(alternative_labels__icontains=word)
            | Q(overview__icontains=word)
            | _rung_title("icontains", word)
        )
    return roles.order_by("search_tier", *BROWSE_ORDER)


def search_vector() -> SearchVector:
    """What PostgreSQL's full-text search reads of a role; a GIN index in the migrations
    holds exactly this expression, so a match reads the index instead of every role."""
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("alternative_labels", weight="B", config=SEARCH_CONFIG)
        + SearchVector("overview", weight="C", config=SEARCH_CONFIG)
    )


def _postgres_match(roles: QuerySet[Role], text: str) -> QuerySet[Role]:
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    # Each way of matching reads its own index (full text; trigrams of the name and of the
    # alternative labels; the rungs' role) and PostgreSQL unites the ids.
    ids = Role.objects.order_by()
    matching = (
        ids.annotate(vector=search_vector())
        .filter(vector=query)
        .values("pk")
        .union(
            ids.filter(name__trigram_word_similar=text).values("pk"),
            ids.filter(alternative_labels__trigram_word_similar=text).values("pk"),
            Rung.objects.current().filter(title__icontains=text).order_by().values("role_id"),
        )
    )
    # A typo in the name counts twice what a typo in an alternative label does.
    similarity = TrigramWordSimilarity(Value(text), "name") + 0.5 * TrigramWordSimilarity(
        Value(text), "alternative_labels"
    )
    return (
        roles.filter(pk__in=matching)
        .annotate(search_rank=SearchRank(search_vector(), query) + similarity)
        .order_by("search_tier", "source", "-search_rank", *BROWSE_ORDER[1:])
    )
