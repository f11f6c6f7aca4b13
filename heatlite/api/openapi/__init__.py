"""The OpenAPI 3.1 description of the v1 API (v1.yaml) and the app serving it."""
