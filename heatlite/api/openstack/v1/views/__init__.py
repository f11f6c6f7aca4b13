"""Response shaping: engine documents (heatlite.rpc.api keys) -> Heat's JSON."""
