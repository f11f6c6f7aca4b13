"""The engine: heatlite-engine's side of every stack operation.

The modules directly in this package are the plugin contract and the
vocabulary every room shares: the Resource base, properties, attributes,
constraints, the template Function base, statuses and RPC documents. They
import no engine subpackage. The rooms above them, each allowed to import
only the ones listed before it (tests/unit/test_layers.py checks this):
template, software, resources, stack, walk, nested, rpc. See
doc/source/dev/engine-map.rst.
"""
