"""Nested stacks driven in-process for the stack-resource plugins.

Starts its operations through the walk room like the top-level engine;
may import every room except rpc.
"""
