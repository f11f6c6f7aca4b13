"""Console entry points: thin wrappers that parse config and start servers."""
