"""The template language: versions, functions, parameters, conditions, environments.

Imports only the plugin contract (heatlite.engine's own modules).
"""
