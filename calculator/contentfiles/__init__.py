"""The build edge: reading content files from disk (PyYAML lives only here).

Nothing in the rules engine imports this package, so the engine keeps to the
standard library and runs unchanged under Pyodide. It is part of the edges
(tests/test_architecture.py), kept in its own folder because the browser never
gets it.

May import: the base, ``model``, ``engine`` and ``edges``.
"""
