"""The build: content -> validated model -> pages + rules JSON + runtime -> mkdocs
-> site/.

Holds the build itself (``site``) and the advice it gives about valid but
doubtful content (``content_lint``).

May import: the base of sitegen, ``pages`` and ``bundle``.
"""
