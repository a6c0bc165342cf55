"""The staff's tools around the build.

Holds ``serve`` (build, serve, rebuild, live reload), the browser editor
(``editor``, ``admin``), ``new-association`` (``scaffold``), ``changes``, the
JSON Schemas (``schemas``) and ``format``.

May import: everything else in sitegen; nothing imports the staff's tools.
"""
