"""The instance's own pages: `/` is the dataset's landing page, `/-/about` its README.

Datasette's instance index lists every database it serves (here also the offline basemap, which
is not a dataset); a reader who opens the site's address wants the dataset, so `/` redirects there.
"""
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markdown_it import MarkdownIt

SITE = "unrest-site"
README = Path(__file__).resolve().parent.parent / "README.md"


def config(datasette) -> dict:
    """metadata.json's plugins → unrest-site, read once per instance: Datasette's plugin_config walks
    the whole block for $env secrets on every call, and render_cell asks for it once per cell."""
    if getattr(datasette, "_unrest_site", None) is None:
        datasette._unrest_site = datasette.plugin_config(SITE) or {}
    return datasette._unrest_site


def readme_html(text: str) -> str:
    """The README as HTML: CommonMark with tables; raw HTML in it is shown as text, and the
    screenshots (files of the repository, not of the site) as their captions."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("image", lambda self, tokens, idx, options, env: (
        f'<span class="screenshot-caption">{md.utils.escapeHtml(tokens[idx].content)}</span>'))
    return md.render(text)


async def index(datasette):
    return Response.redirect(datasette.urls.database(config(datasette)["database"]))


async def about(datasette, request):
    if not README.is_file():
        raise NotFound("This copy of the site has no README")
    from markupsafe import Markup

    html = await datasette.render_template(
        "unrest_about.html",
        {"database": config(datasette)["database"], "readme": Markup(readme_html(README.read_text(encoding="utf-8"))),
         "site_title": datasette.metadata("title")},
        request=request, view_name="about")
    return Response.html(html)


@hookimpl(tryfirst=True)
def register_routes():
    return [(r"^/$", index), (r"^/-/about$", about)]
