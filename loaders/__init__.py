"""munigraph.loaders: turn input files into the graph model and load them."""

from .records import bundled_files, check_records, json_schema, load_records, write_records

__all__ = ["load_records", "check_records", "bundled_files", "json_schema", "write_records"]
