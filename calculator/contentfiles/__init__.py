"""The build edge: reading content files from disk (PyYAML lives only here).

Nothing in the rules engine imports this package, so the engine keeps to the
standard library and runs unchanged under Pyodide.
"""
