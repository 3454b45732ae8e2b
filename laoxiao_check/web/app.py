"""The desk as a Starlette application: its routes, each a page or a download.

``create_app()`` builds it (the tests drive it with Starlette's TestClient); ``serve`` in
:mod:`laoxiao_check.web.server` runs it under uvicorn.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from laoxiao_check.model.errors import LaoxiaoError
from laoxiao_check.model.messages import Said, say
from laoxiao_check.web import pages
from laoxiao_check.web.desk import Desk, Entry
from laoxiao_check.web.runs import MEDIA_TYPES, downloads, rendered, run_audit, run_check
from laoxiao_check.web.uploads import MAX_UPLOAD_BYTES, Saved, TooLarge, located, save, too_large

VISITOR = "laoxiao_visitor"
LANG = "laoxiao_lang"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
CHECK_FIELDS = ("project", "profile", "facilities", "network")
AUDIT_FIELDS = ("estates", "profile", "facilities", "network", "communities", "population")
DATUMS = ("wgs84", "gcj02", "bd09")
"""The datums of an estate list's longitudes and latitudes (``audit --coords``)."""
FORM_SLACK = 64 * 1024
"""Bytes of a request's body beyond its files (the form's fields and boundaries)."""


class Guard:
    """ASGI middleware: the desk's headers on every response, and a request's body cut off (the
    handler told by :class:`TooLarge`) past the upload limit."""

    def __init__(self, app: ASGIApp, limit: int = MAX_UPLOAD_BYTES + FORM_SLACK) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise TooLarge
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.lower().encode(), v.encode())
                    for k, v in HEADERS.items()
                    if k.lower().encode() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, limited, with_headers)


class DeskApp:
    """The routes' handlers over one :class:`Desk`."""

    def __init__(self, desk: Desk, profiles: list[tuple[str, str, str]]) -> None:
        self.desk = desk
        self.profiles = profiles
        """(id, Chinese name, English name) of each bundled profile."""

    # -- the visitor and the language ---------------------------------------------------------
    @staticmethod
    def lang(request: Request) -> str:
        asked = request.query_params.get("lang") or request.cookies.get(LANG) or "zh"
        return asked if asked in ("zh", "en") else "zh"

    @staticmethod
    def visitor(request: Request) -> str | None:
        token = request.cookies.get(VISITOR, "")
        return token if TOKEN_PATTERN.fullmatch(token) else None

    def answer(self, request: Request, response: Response, visitor: str | None = None) -> Response:
        """``response`` with the visitor's cookie (a new visitor gets one: ``visitor`` where it was
        made already) and the language kept."""
        if self.visitor(request) is None:
            token = visitor or Desk.new_visitor()
            response.set_cookie(VISITOR, token, httponly=True, samesite="strict", max_age=86400)
        if request.query_params.get("lang") in ("zh", "en"):
            response.set_cookie(LANG, self.lang(request), samesite="strict", max_age=365 * 86400)
        return response

    def html(self, request: Request, text: str, status: int = 200) -> Response:
        return self.answer(request, HTMLResponse(text, status_code=status))

    def names(self, lang: str) -> list[tuple[str, str]]:
        return [(pid, zh if lang == "zh" else en) for pid, zh, en in self.profiles]

    # -- the forms ----------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        lang = self.lang(request)
        return self.html(request, pages.check_form(lang, self.names(lang), "quanzhou", {}))

    async def audit_page(self, request: Request) -> Response:
        lang = self.lang(request)
        return self.html(request, pages.audit_form(lang, self.names(lang), "quanzhou", {}))

    async def received(
        self, request: Request, fields: tuple[str, ...], folder: Path
    ) -> tuple[Saved, str, dict[str, list[str]]]:
        """The form's files saved in ``folder``, the profile chosen, and the problems so far
        (a body over the limit: the problem of field ``"!"``, which the page shows at the top)."""
        lang = self.lang(request)
        saved = Saved(folder)
        length = request.headers.get("content-length") or "0"
        if not length.isdigit() or int(length) > MAX_UPLOAD_BYTES + FORM_SLACK:
            return saved, "", {"!": [say(too_large(""), lang)]}
        try:
            async with request.form(max_files=len(fields), max_fields=len(fields) + 3) as form:
                for role in fields:
                    upload = form.get(role)
                    if isinstance(upload, UploadFile):
                        await save(upload, role, saved)
                choice = str(form.get("rules") or "")
                coords = str(form.get("coords") or "wgs84")
                saved.coords = coords if coords in DATUMS else "wgs84"
        except TooLarge:
            return saved, "", {"!": [say(too_large(""), lang)]}
        except MultiPartException as exc:
            return saved, "", {"": [str(exc)]}
        problems = {role: [say(p, lang) for p in said] for role, said in saved.problems.items()}
        main = fields[0]
        if main not in saved.paths and main not in problems:
            problems[main] = [say(Said("choose a file to upload"), lang)]
        return saved, choice, problems

    async def check(self, request: Request) -> Response:
        lang = self.lang(request)
        visitor = self.visitor(request) or Desk.new_visitor()
        with tempfile.TemporaryDirectory(prefix="laoxiao-desk-") as folder:
            saved, choice, problems = await self.received(request, CHECK_FIELDS, Path(folder))
            if not problems:
                try:
                    result = await run_in_threadpool(run_check, saved, choice)
                except LaoxiaoError as exc:
                    problems = located(exc, saved, lang)
                except Exception as exc:  # noqa: BLE001 - a bug of ours is said, never a blank page
                    problems = {"": [say(internal(exc), lang)]}
        if problems:
            page = pages.check_form(lang, self.names(lang), choice or "quanzhou", problems)
            return self.html(request, page, 413 if "!" in problems else 422)
        entry = Entry("check", str(result.project.name), self.desk.clock(), "done", result, lang=lang)
        entry_id = self.desk.add(visitor, entry)
        return self.answer(request, RedirectResponse(f"/results/{entry_id}", status_code=303), visitor)

    async def audit(self, request: Request) -> Response:
        lang = self.lang(request)
        visitor = self.visitor(request) or Desk.new_visitor()
        folder = Path(tempfile.mkdtemp(prefix="laoxiao-desk-"))
        try:
            saved, choice, problems = await self.received(request, AUDIT_FIELDS, folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        if problems:
            shutil.rmtree(folder, ignore_errors=True)
            page = pages.audit_form(lang, self.names(lang), choice or "quanzhou", problems)
            return self.html(request, page, 413 if "!" in problems else 422)
        entry = Entry("audit", saved.names.get("estates", ""), self.desk.clock(), lang=lang)
        entry_id = self.desk.add(visitor, entry)
        threading.Thread(target=audit_in_background, args=(entry, saved, choice), daemon=True).start()
        return self.answer(request, RedirectResponse(f"/audits/{entry_id}", status_code=303), visitor)

    # -- the results --------------------------------------------------------------------------
    def entry(self, request: Request, command: str) -> tuple[str, Entry | None]:
        entry_id = str(request.path_params["entry"])
        visitor = self.visitor(request)
        entry = self.desk.get(visitor, entry_id) if visitor else None
        return entry_id, entry if entry is not None and entry.command == command else None

    async def result(self, request: Request) -> Response:
        lang = self.lang(request)
        entry_id, entry = self.entry(request, "check")
        if entry is None:
            return self.html(request, pages.not_found(lang, request.url.path), 404)
        formats = downloads("check")
        report = await run_in_threadpool(rendered, "check", html_format(), entry.result, lang)
        page = pages.check_result(lang, entry_id, entry, list(formats), report.decode("utf-8"))
        return self.html(request, page)

    async def audit_result(self, request: Request) -> Response:
        from laoxiao_check.report.html.audit import render_summary

        lang = self.lang(request)
        entry_id, entry = self.entry(request, "audit")
        here = request.url.path
        if entry is None:
            return self.html(request, pages.not_found(lang, here), 404)
        if entry.state == "running":
            return self.html(request, pages.audit_running(lang, entry_id, entry))
        if entry.state == "failed":
            return self.html(request, pages.failed(lang, here, entry), 422)
        summary = await run_in_threadpool(render_summary, entry.result, lang)
        return self.html(
            request, pages.audit_result(lang, entry_id, entry, list(downloads("audit")), summary)
        )

    async def download(self, request: Request) -> Response:
        command = "check" if request.url.path.startswith("/results/") else "audit"
        lang = self.lang(request)
        _, entry = self.entry(request, command)
        name = str(request.path_params["format"])
        formats = downloads(command)
        if entry is None or entry.state != "done" or name not in formats:
            return self.html(request, pages.not_found(lang, request.url.path), 404)
        fmt = formats[name]
        try:
            content = await run_in_threadpool(rendered, command, fmt, entry.result, lang)
        except LaoxiaoError as exc:
            message = "; ".join(say(p.message, lang) for p in exc.problems)
            page = pages.message_page(lang, request.url.path, message, Said("The file could not be written"))
            return self.html(request, page, 500)
        suffix = fmt.suffixes[0] if fmt.suffixes else f".{name}"
        title = Path(entry.title).stem if command == "audit" else entry.title  # 名单.csv → 名单.xlsx
        return self.answer(
            request,
            Response(content, media_type=MEDIA_TYPES.get(name), headers=attachment(title, suffix)),
        )

    async def results(self, request: Request) -> Response:
        visitor = self.visitor(request)
        entries = self.desk.entries(visitor) if visitor else []
        return self.html(request, pages.results_list(self.lang(request), entries))

    async def template(self, request: Request) -> Response:
        from laoxiao_check.io.template import write_template

        lang = self.lang(request)
        with tempfile.TemporaryDirectory(prefix="laoxiao-desk-") as folder:
            path = Path(folder) / "template.xlsx"
            await run_in_threadpool(write_template, path, lang)
            content = path.read_bytes()
        title = "项目模板" if lang == "zh" else "project-template"
        return self.answer(
            request, Response(content, media_type=MEDIA_TYPES["xlsx"], headers=attachment(title, ".xlsx"))
        )


def html_format() -> Any:
    from laoxiao_check.report.formats import formats_for

    return formats_for("check")["html"]


def audit_in_background(entry: Entry, saved: Saved, choice: str) -> None:
    """Run an audit, its progress and end written to ``entry``; its uploads removed after."""

    def progress(done: int, total: int) -> None:
        entry.done, entry.total = done, total

    try:
        entry.result = run_audit(saved, choice, progress)
        entry.state = "done"
    except LaoxiaoError as exc:
        entry.problems = located(exc, saved, entry.lang)
        entry.state = "failed"
    except Exception as exc:  # noqa: BLE001 - a bug of ours is said on the page, not lost in a thread
        entry.problems = {"": [say(internal(exc), entry.lang)]}
        entry.state = "failed"
    finally:
        shutil.rmtree(saved.folder, ignore_errors=True)


def internal(exc: Exception) -> str:
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return Said("internal error: {what} (please report it)", what=what[:300])


def attachment(title: str, suffix: str) -> dict[str, str]:
    """A download's name: the result's title (only shown, never a path), with an ASCII fallback."""
    stem = "".join(c for c in title if c.isprintable() and c not in '/\\:*?"<>|;').strip()[:80] or "report"
    return {
        "Content-Disposition": f'attachment; filename="laoxiao-check{suffix}"; '
        f"filename*=UTF-8''{quote(stem + suffix, safe='')}"
    }


def bundled_profiles() -> list[tuple[str, str, str]]:
    """(id, Chinese name, English name) of each bundled profile (``design`` last: not a city)."""
    from laoxiao_check.rules.profiles import bundled_ids, load_profile

    found = []
    for pid in bundled_ids():
        profile = load_profile(pid)
        found.append((pid, profile.name.get("zh", pid), profile.name.get("en", pid)))
    return found


def create_app(desk: Desk | None = None) -> Starlette:
    """The desk's application (``desk``: where results are kept; a new one by default)."""
    from starlette.middleware import Middleware

    kept = desk or Desk()
    handlers = DeskApp(kept, bundled_profiles())
    routes = [
        Route("/", handlers.home),
        Route("/check", handlers.check, methods=["POST"]),
        Route("/audit", handlers.audit_page),
        Route("/audit", handlers.audit, methods=["POST"]),
        Route("/results", handlers.results),
        Route("/results/{entry}", handlers.result),
        Route("/results/{entry}/download/{format}", handlers.download),
        Route("/audits/{entry}", handlers.audit_result),
        Route("/audits/{entry}/download/{format}", handlers.download),
        Route("/template.xlsx", handlers.template),
    ]

    async def unknown(request: Request, exc: Exception) -> Response:
        """An address the desk has no page for: said in the page's language, not a bare 404."""
        return handlers.html(request, pages.not_found(DeskApp.lang(request), request.url.path), 404)

    return Starlette(
        routes=routes,
        middleware=[Middleware(Guard)],
        lifespan=sweeping(kept),
        exception_handlers={404: unknown},
    )


SWEEP_SECONDS = 60.0
"""How often the results older than an hour are removed while nobody asks for any."""


def sweeping(desk: Desk) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """The application's lifespan: while it serves, old results are removed every minute (a
    request removes them too), so that an idle desk does not hold them past their hour."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async def sweep() -> None:
            while True:
                await anyio.sleep(SWEEP_SECONDS)
                desk.forget_old()

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(sweep)
            yield
            tasks.cancel_scope.cancel()

    return lifespan
