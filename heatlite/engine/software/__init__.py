"""Software configs, deployments and the signal URLs they report through.

Imports only the plugin contract and the template language.
"""
