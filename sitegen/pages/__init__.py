"""The informational pages: the Jinja renderer, one module per kind of page, the
templates.

May import: the engine (``calculator``) and the base of sitegen (``errors``,
``paths``, ``generated``, ``buildcache``). Pages never import the bundle or the
pipeline: the pipeline hands them the runtime manifest.
"""
