"""munigraph.benchmarks: the generated graph and ``munigraph bench`` (docs/performance.md)."""
