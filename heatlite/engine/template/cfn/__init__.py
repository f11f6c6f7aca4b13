"""CloudFormation-format templates: version tables and functions."""
