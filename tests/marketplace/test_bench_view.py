"""The benchmark's bare baseline view exists only under the bench settings' URLconf."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_bare_benchmark_view_is_not_mounted_in_production_urls(client):
    assert client.get("/bench/bare/").status_code == 404


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.urls")
def test_bare_benchmark_view_answers_under_the_bench_urlconf(client):
    response = client.get("/bench/bare/")
    assert response.status_code == 200
    assert response.content == b"ok"
    # The rest of the site is still there for the benchmark to measure.
    assert client.get("/robots.txt").status_code == 200
