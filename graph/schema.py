"""The constraints and indexes of the graph model, created idempotently on either store."""

from __future__ import annotations

CONSTRAINTS = [
    ("actor_id", "Actor", "id"),
    ("cooperation_id", "Cooperation", "id"),
    ("topic_id", "Topic", "id"),
    ("source_id", "Source", "id"),
    ("country_code", "Country", "code"),
]
INDEXES = [
    ("actor_name", "Actor", "name"),
    ("cooperation_name", "Cooperation", "name"),
    ("topic_name", "Topic", "name"),
]


def schema_statements() -> list[str]:
    """The Cypher that creates the schema; every statement is ``IF NOT EXISTS``.

    >>> schema_statements()[0]
    'CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE'
    """
    return [
        f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
        for name, label, prop in CONSTRAINTS
    ] + [
        f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for name, label, prop in INDEXES
    ]


def create_schema(store) -> None:
    """Create the constraints and indexes that are missing; harmless to repeat."""
    for statement in schema_statements():
        store.write(statement)
