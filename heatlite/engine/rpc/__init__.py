"""The engine's RPC endpoints: check a call, hand it to the rooms below.

The top room: may import every other engine room; none imports it.
"""
