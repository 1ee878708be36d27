"""The examples in docstrings run."""

import doctest
import importlib

import pytest

MODULES = ["munigraph.graph.errors", "munigraph.graph.model", "munigraph.graph.schema", "munigraph.graph.dates",
           "munigraph.graph.store", "munigraph.queries", "munigraph.viz.network",
           "munigraph.loaders.countries", "munigraph.loaders.files",
           "munigraph.loaders.dates", "munigraph.loaders.merge", "munigraph.loaders.snapshot",
           "munigraph.queries.output", "munigraph.queries.names", "munigraph.loaders.resolve",
           "munigraph.loaders.common", "munigraph.loaders.facts", "munigraph.viz.html", "munigraph.viz.limits",
           "munigraph.viz.style", "munigraph.loaders.iati_codes", "munigraph.loaders.same", "munigraph.viz.explore"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
