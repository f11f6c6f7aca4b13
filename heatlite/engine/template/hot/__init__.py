"""HOT (heat_template_version) templates: version tables and functions."""
