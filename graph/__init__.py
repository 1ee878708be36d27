"""munigraph.graph: the stores (embedded ArcadeDB, Neo4j), the schema and the Cypher that writes."""

from .errors import (
                     ExportError,
                     InputError,
                     MunigraphError,
                     Problem,
                     QueryError,
                     StoreError,
                     WriteRefused,
)
from .store import Store

__all__ = ["Store", "MunigraphError", "InputError", "Problem", "QueryError", "StoreError",
           "WriteRefused", "ExportError"]
