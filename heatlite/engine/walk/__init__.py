"""Running stack operations: graph walks, per-resource actions, locks, threads, events.

May import every room below it (contract, template, software, resources,
stack), never nested or rpc.
"""
