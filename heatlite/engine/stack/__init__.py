"""A stack as data: its parsed definition, resolved plugins, stored rows read back.

Nothing here runs an operation. May import the plugin contract, template,
software and resources.
"""
