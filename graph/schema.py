"""The constraints and indexes of the graph model, created idempotently on either store."""

from __future__ import annotations

CONSTRAINTS = [
    ("actor_id", "Actor", "id"),
    ("cooperation_id", "Cooperation", "id"),
    ("topic_id", "Topic", "id"),
    ("source_id", "Source", "id"),
    ("country_code", "Country", "code"),
    ("country_pair_id", "CountryPair", "id"),
    ("year_year", "Year", "year"),
    ("ranking_id", "Ranking", "id"),
    ("name_prefix", "Name", "prefix"),
    ("word_prefix", "Word", "prefix"),
    ("country_actors_country", "CountryActors", "country"),
    ("topic_cooperations_topic", "TopicCooperations", "topic"),
]
INDEXES = [
    ("actor_name", "Actor", "name"),
    ("cooperation_name", "Cooperation", "name"),
    ("topic_name", "Topic", "name"),
    ("actor_partner_count", "Actor", "partnerCount"),
    ("source_cooperation_count", "Source", "cooperationCount"),
    ("country_pair_cooperation_count", "CountryPair", "cooperationCount"),
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
