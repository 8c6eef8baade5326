"""FakeBotApi: a local Telegram Bot API server on 127.0.0.1 and the user side that drives it.

The server runs on its own event loop in a background thread, so synchronous tests (and the bench
script) can send messages, press buttons and wait for what the bot says.

    with FakeBotApi(token="123456:TEST-TOKEN") as api:
        env = api.bot_env()                      # TELEGRAM_BASE_URL etc. for the bot process
        alice = api.user(1001, "Alice")
        chat = api.private_chat(alice)
        sent = api.send_text(chat, alice, "What did Warner say?")
        reply = api.wait_for_message(chat["id"], after=sent)
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .methods import DOWNLOAD_LIMIT, Methods, read_params
from .world import Message, StoredFile, World, user_entities


class FakeBotApi:
    """The Bot API methods the bot uses, plus a user-side API for tests."""

    def __init__(self, token: str = "123456:TEST-TOKEN", bot_username: str = "newsdesk_test_bot") -> None:
        self.token = token
        self.world = World(int(token.split(":")[0]), bot_username)
        self.port = 0
        self.pages: dict[str, tuple[bytes, str]] = {}  # /web/<name> -> (body, content type)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-bot-api", daemon=True)
        self._runner: web.AppRunner | None = None
        self._files = 0
        self.faults: dict[str, list[tuple[str, float]]] = {}  # method or "download" -> pending faults
        self.injected: list[tuple[str, str]] = []  # (method, fault) of every fault that fired

    # -- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> FakeBotApi:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)

    async def _start(self) -> None:
        self.methods = Methods(self.world)
        self.world.wake = lambda: self._loop.call_soon_threadsafe(self.methods.event.set)
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._bot_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_get("/web/{name}", self._page)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stop(self) -> None:
        if self._runner:
            asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _stop(self) -> None:
        await self.methods.webhook.stop()
        await self._runner.cleanup()  # type: ignore[union-attr]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def bot_env(self) -> dict[str, str]:
        """Environment for a bot process that talks to this server."""
        return {
            "TELEGRAM_BOT_TOKEN": self.token,
            "TELEGRAM_BASE_URL": f"{self.url}/bot",
            "TELEGRAM_BASE_FILE_URL": f"{self.url}/file/bot",
        }

    # -- HTTP ------------------------------------------------------------------------------------
    async def _bot_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(body, status=401)
        method = request.match_info["method"]
        fault, seconds = self._take_fault(method)
        if fault == "delay":
            await asyncio.sleep(seconds)
        if fault == "drop":
            return _drop(request)
        response = await self.methods.dispatch(method, await read_params(request))
        return _drop(request) if fault == "drop-after" else response

    async def _download(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        stored = next((f for f in self.world.files.values() if f.path == path), None)
        if request.match_info["token"] != self.token or stored is None or stored.data is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        fault, seconds = self._take_fault("download")
        if fault is None or fault == "delay":
            await asyncio.sleep(seconds)
            return web.Response(body=stored.data, content_type="application/octet-stream")
        response = web.StreamResponse(headers={"Content-Length": str(len(stored.data))})
        response.content_type = "application/octet-stream"
        await response.prepare(request)
        pieces = [stored.data[i : i + 16384] for i in range(0, len(stored.data), 16384)]
        for number, piece in enumerate(pieces):
            if fault == "drop" and number >= len(pieces) // 2:
                return _drop(request)  # half the file, then the connection is gone
            await response.write(piece)
            await asyncio.sleep(seconds / len(pieces))
        await response.write_eof()
        return response

    def _take_fault(self, method: str) -> tuple[str | None, float]:
        with self.world.cond:
            pending = self.faults.get(method)
            if not pending:
                return None, 0.0
            fault = pending.pop(0)
            self.injected.append((method, fault[0]))
            return fault

    async def _page(self, request: web.Request) -> web.Response:
        body, content_type = self.pages.get(request.match_info["name"], (b"", ""))
        if not content_type:
            raise web.HTTPNotFound()
        return web.Response(body=body, content_type=content_type)

    def release_polls(self) -> None:
        """Answer the pending long poll now (so a stopping bot need not wait out its timeout)."""
        def release() -> None:
            self.methods.released = True
            self.methods.event.set()
        self._loop.call_soon_threadsafe(release)

    # -- the user side ---------------------------------------------------------------------------
    @staticmethod
    def user(user_id: int, first_name: str, username: str | None = None) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}
        return user | ({"username": username} if username else {})

    def private_chat(self, user: dict) -> dict:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        self.world.add_chat(chat)
        return chat

    def group_chat(self, chat_id: int, title: str) -> dict:
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        self.world.add_chat(chat)
        return chat

    def send_text(self, chat: dict, user: dict, text: str, reply_to: int | None = None) -> int:
        """A user types `text`; returns its message id."""
        with self.world.cond:
            message = self.world.new_message(chat["id"], user, text=text, entities=user_entities(text),
                                             reply_to=reply_to)
            self.world.push_update("message", self.world.message_json(message))
            return message.message_id

    def send_document(self, chat: dict, user: dict, filename: str, data: bytes | None, *,
                      size: int | None = None, caption: str | None = None,
                      mime_type: str = "application/octet-stream") -> int:
        """A user sends a file; `data=None` with `size` only claims a size (nothing to download)."""
        with self.world.cond:
            self._files += 1
            file_id = f"BQACAgIAAxkBAAI{self._files:06d}"
            size = len(data or b"") if size is None else size
            path = f"documents/file_{self._files}{_suffix(filename)}"
            self.world.files[file_id] = StoredFile(file_id, f"AgAD{self._files:04d}", path, size, data)
            document = {"file_name": filename, "mime_type": mime_type, "file_id": file_id,
                        "file_unique_id": f"AgAD{self._files:04d}", "file_size": size}
            message = self.world.new_message(chat["id"], user, text=caption,
                                             entities=user_entities(caption or ""), document=document)
            self.world.push_update("message", self.world.message_json(message))
            return message.message_id

    def press(self, chat_id: int, message_id: int, data: str, user: dict, *, forge: bool = False) -> str:
        """Press an inline button; `forge=True` sends callback data no button carries."""
        with self.world.cond:
            message = self.world.find(chat_id, message_id)
            assert message is not None, f"no message {message_id} in chat {chat_id}"
            if not forge:
                assert data in [b.get("callback_data") for b in message.buttons], f"no button {data!r}"
            query_id = str(4_000_000 + len(self.world.queries))
            query = {"id": query_id, "from": user, "chat_instance": str(chat_id), "data": data,
                     "message": self.world.message_json(message)}
            self.world.queries[query_id] = query
            self.world.push_update("callback_query", query)
            return query_id

    def serve(self, name: str, body: bytes, content_type: str) -> str:
        """Publish `body` at a local URL (for URL uploads); returns the URL."""
        self.pages[name] = (body, content_type)
        return f"{self.url}/web/{name}"

    def fail_next(self, method: str, code: int = 429, retry_after: int = 1) -> None:
        """The next call of `method` fails, e.g. with 429 Too Many Requests: retry after N."""
        if code == 429:
            failure = (429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        else:
            failure = (code, "Internal Server Error", {})
        with self.world.cond:
            self.world.failures.setdefault(method, []).append(failure)

    def fault_next(self, method: str, fault: str, seconds: float = 0.0, times: int = 1) -> None:
        """The next `times` calls of `method` (a Bot API method, or "download" for file downloads) misbehave:
        "drop" closes the connection without an answer (a download: after half the file), "drop-after"
        does the call and then drops the answer (a timeout: the bot cannot tell that it took effect),
        "delay" answers after `seconds`, "slow" streams a download over `seconds`."""
        assert fault in {"drop", "drop-after", "delay", "slow"}, fault
        with self.world.cond:
            self.faults.setdefault(method, []).extend([(fault, seconds)] * times)

    # -- reading what the bot did ----------------------------------------------------------------
    def wait_until(self, check: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
        """Block until `check()` is truthy (evaluated under the lock); return its value."""
        deadline = time.monotonic() + timeout
        with self.world.cond:
            while not (result := check()):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
                self.world.cond.wait(left)
            return result

    def bot_messages(self, chat_id: int, after: int = 0, deleted: bool = False) -> list[Message]:
        with self.world.cond:
            return [m for m in self.world.messages.get(chat_id, [])
                    if m.sender.get("is_bot") and m.message_id > after and (deleted or not m.deleted)]

    def wait_for_message(self, chat_id: int, after: int = 0, timeout: float = 30.0,
                         match: Callable[[Message], bool] = lambda m: True) -> Message:
        """The first bot message in `chat_id` newer than `after` that `match`es (deleted ones skipped)."""
        def found() -> Message | None:
            return next((m for m in self.bot_messages(chat_id, after) if match(m)), None)
        return self.wait_until(found, timeout, f"a bot message in chat {chat_id} after {after}")

    def calls(self, method: str | None = None) -> list:
        with self.world.cond:
            return [c for c in self.world.calls if method is None or c.method == method]

    def answer_of(self, query_id: str, timeout: float = 15.0) -> dict:
        """What answerCallbackQuery said to a button press."""
        def answer() -> dict | None:
            return self.world.queries[query_id].get("answer")
        return self.wait_until(answer, timeout, "a callback answer")


def _drop(request: web.Request) -> web.Response:
    """Close the connection without answering (what a network failure looks like to the bot)."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=500)  # never reaches the bot: the connection is closed


def _suffix(filename: str) -> str:
    return "." + filename.rsplit(".", 1)[1] if "." in filename else ""


__all__ = ["DOWNLOAD_LIMIT", "FakeBotApi", "Message"]
