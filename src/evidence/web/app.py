"""The Starlette application: routes, templates, static files and the key middleware."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..i18n import _, language
from . import actions, views
from .audio import audio
from .security import CSRF_FIELD, KeyMiddleware, Keys

HERE = Path(__file__).resolve().parent


def _templates() -> Jinja2Templates:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.globals.update(_=_, lang="zh-CN" if language() == "zh" else "en", csrf_field=CSRF_FIELD)
    env.filters["clock"] = _clock
    return Jinja2Templates(env=env)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    m, s = divmod(max(0.0, float(seconds)), 60)
    return f"{int(m):02d}:{s:04.1f}"


def create_app(keys: Keys | None = None, allowed_hosts: list[str] | None = None) -> Starlette:
    """The app for one run; `keys` are the run's secrets (new random ones when not given)."""
    keys = keys or Keys()
    routes = [
        Route("/", views.calls_page),
        Route("/call/{recording_id:int}", views.call_page),
        Route("/call/{recording_id:int}/flags", actions.add_flag, methods=["POST"]),
        Route("/call/{recording_id:int}/flags/{flag_id:int}/review", actions.review_flag, methods=["POST"]),
        Route("/call/{recording_id:int}/lines/{line_no:int}", actions.correct_line, methods=["POST"]),
        Route("/call/{recording_id:int}/meta", actions.edit_metadata, methods=["POST"]),
        Route("/audio/{recording_id:int}", audio),
        Route("/case", views.case_page),
        Route("/case", actions.save_case, methods=["POST"]),
        Route("/report", views.report_page),
        Route("/report/view", views.report_view),
        Route("/report/packet", actions.make_packet, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static", html=False), name="static"),
    ]
    middleware = [Middleware(KeyMiddleware, keys=keys)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.keys = keys
    app.state.templates = _templates()
    return app
