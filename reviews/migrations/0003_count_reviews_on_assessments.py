"""Fill the counts that assessments now keep on their row for this app (requests asked,
share links made, second opinions shown), for the rows that existed before: one UPDATE a
count, over the assessments that have any."""

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def _count(queryset):
    counted = queryset.order_by().values("assessment").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def count_reviews_on_assessments(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    ReviewRequest = apps.get_model("reviews", "ReviewRequest")
    ShareLink = apps.get_model("reviews", "ShareLink")
    requests = ReviewRequest.objects.filter(assessment=OuterRef("pk"))
    shown = requests.filter(submitted_at__isnull=False, hidden_at__isnull=True)
    links = ShareLink.objects.filter(assessment=OuterRef("pk"))
    for name, rows, counted in (
        ("review_request_count", ReviewRequest, requests),
        ("second_opinion_count", ReviewRequest, shown),
        ("share_link_count", ShareLink, links),
    ):
        having = rows.objects.values("assessment_id")
        Assessment.objects.filter(pk__in=having).update(**{name: _count(counted)})


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_report_stamp_and_row_counts"),
        ("reviews", "0002_reviewer_deletion_renews_reports"),
    ]

    operations = [
        migrations.RunPython(count_reviews_on_assessments, migrations.RunPython.noop),
    ]
