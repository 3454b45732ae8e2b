"""Running the desk: uvicorn serving :func:`laoxiao_check.web.app.create_app` at an address."""

from __future__ import annotations

import ipaddress
import socket
import threading
import webbrowser

from laoxiao_check.model.errors import UsageError
from laoxiao_check.model.messages import Said

LOCAL_NAMES = ("localhost",)


def is_local(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (a loopback address or localhost)."""
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def address(host: str, port: int) -> str:
    """The desk's address as a browser takes it."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def check_free(host: str, port: int) -> None:
    """Refuse (exit 2, not uvicorn's exit 1, which would read as a failed check) an address that
    cannot be listened on: a port in use, a host that is not this computer's."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, where = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(where)
    except OSError as exc:
        raise UsageError(
            Said(
                "cannot listen on {address} ({reason}): choose another --port, or stop what uses it",
                address=address(host, port),
                reason=exc.strerror or str(exc),
            )
        ) from None


def serve(host: str, port: int, open_browser: bool = False) -> None:
    """Serve the desk until interrupted; with ``open_browser``, open its page once it listens."""
    import uvicorn

    check_free(host, port)

    from laoxiao_check.web.app import create_app

    config = uvicorn.Config(create_app(), host=host, port=port, log_level="warning", server_header=False)
    server = uvicorn.Server(config)
    if open_browser:
        url = address("127.0.0.1" if host in ("0.0.0.0", "::") else host, port)

        def opener() -> None:
            while not server.started and not server.should_exit:
                threading.Event().wait(0.1)
            if server.started:
                webbrowser.open(url)

        threading.Thread(target=opener, daemon=True).start()
    server.run()
