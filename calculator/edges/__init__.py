"""Where people meet the engine.

Holds the readers of raw answers (``inputs``: typed text into values, once),
the one request mapping (``service``), the sentences of an answer
(``presentation``) and the calculator's display block (``display``), the
browser's entry (``browser``) and the command line (``cli``).

May import: the base, ``model``, ``engine``, this room and ``contentfiles``
(the YAML edge, which only the command line uses; the browser never gets it).
"""
