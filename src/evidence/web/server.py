"""Running the page: uvicorn on 127.0.0.1 (another address only when asked), a key per run."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import BadArgument
from ..i18n import _
from .security import Keys


def check_free(host: str, port: int) -> None:
    """Raise a one-line error when host:port cannot be listened on (taken, or not this machine's)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise BadArgument(_("cannot listen on {host}:{port} ({reason}); is `evidence serve` already running? "
                                "Try another --port").format(host=host, port=port, reason=exc.strerror)) from None


def url_for(host: str, port: int, keys: Keys) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={keys.token}"


def _warm_up() -> None:
    """Load the lexicon and the report modules in the background, so the first report or flag
    added in the page does not wait for them (they take seconds on a slow machine)."""
    try:
        from ..flagging import current_lexicon
        from ..reports import data, render  # noqa: F401

        current_lexicon()
    except Exception:  # the page reports any real problem when it is used; warming is best effort
        pass


def run(host: str, port: int, open_browser: bool, announce: Callable[[str], None]) -> None:
    """Serve until interrupted; `announce` gets the address (with its key) once listening."""
    import uvicorn

    from .app import create_app

    check_free(host, port)
    keys = Keys()
    hosts = None if host not in ("127.0.0.1", "localhost") else ["127.0.0.1", "localhost"]
    app = create_app(keys, allowed_hosts=hosts)
    url = url_for(host, port, keys)

    class Server(uvicorn.Server):
        def __init__(self, config):
            super().__init__(config)

        async def startup(self, sockets=None):
            await super().startup(sockets)
            if self.started:
                import threading

                threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
                announce(url)
                if open_browser:
                    import webbrowser

                    webbrowser.open(url)

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            server_header=False, date_header=False, lifespan="off")
    Server(config).run()
