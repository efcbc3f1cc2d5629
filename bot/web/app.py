"""Creates the aiohttp application and wires its routes."""

from pathlib import Path

from aiohttp import web

from bot.settings import Settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def landing_page(_request: web.Request) -> web.Response:
    return web.Response(text=(TEMPLATES_DIR / "landing.html").read_text(), content_type="text/html")


@web.middleware
async def security_headers(request: web.Request, handler) -> web.StreamResponse:  # noqa: ANN001
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy", "default-src 'self'; script-src 'self'; frame-ancestors 'self'"
    )
    return response


def create_app(settings: Settings) -> web.Application:
    """The web app for `settings`."""
    app = web.Application(middlewares=[security_headers])
    app["settings"] = settings
    app.router.add_get("/", landing_page)
    app.router.add_get("/healthz", health)
    app.router.add_static("/static/", STATIC_DIR)
    return app
