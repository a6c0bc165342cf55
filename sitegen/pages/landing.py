"""The site's home page: every association published, and the site's own intro.
"""

from __future__ import annotations

from markupsafe import Markup

from .render import Page, Renderer


def landing_page(renderer: Renderer, slugs: list[str]) -> Page:
    content = renderer.content
    intro = content.root / "landing.md"
    return renderer.render(
        "landing.md.j2", "index.md", "Home",
        associations=[content.associations[s] for s in slugs],
        intro=Markup(intro.read_text(encoding="utf-8")) if intro.exists() else Markup(""))
