"""What the browser receives besides the pages.

Holds the Pyodide runtime and the engine compiled for it, the calculator's
JavaScript and CSS (``static/calculator``), the service worker, the Content-
Security-Policy and the deploy files written from it, and the precompressed
copies of the built files.

May import: the base of sitegen and ``pages``.
"""
