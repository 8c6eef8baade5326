"""The Bot API methods the bot uses, on aiohttp, with Telegram's response shapes and error bodies."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiohttp import web

from .entities import MAX_TEXT, EntityError, parse_html, utf16_len
from .webhook import Webhook
from .world import Call, World

DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files, like api.telegram.org
_JSON_FIELDS = {"reply_markup", "allowed_updates", "commands", "scope", "reply_parameters", "entities",
                "link_preview_options"}


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query string, then a JSON, urlencoded or multipart body; JSON-typed fields decoded."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
    elif request.can_read_body:
        params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    for key in _JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            params[key] = json.loads(params[key])
    return params


class Methods:
    """One coroutine per Bot API method; each returns the `result` or raises ApiError."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.event = asyncio.Event()
        self.released = False  # set while the bot shuts down: long polls return at once
        self.webhook = Webhook(world, self.event)

    async def dispatch(self, method: str, params: dict[str, Any]) -> web.Response:
        world = self.world
        with world.cond:
            call = Call(method, params, time.monotonic())
            world.calls.append(call)
            injected = world.failures.get(method)
            failure = injected.pop(0) if injected else None
        try:
            if failure:
                raise ApiError(*failure)
            handler = getattr(self, method, None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params)
            body: dict[str, Any] = {"ok": True, "result": result}
        except ApiError as error:
            body = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            call.status, call.description = error.code, error.description
        with world.cond:
            world.changed()
        return web.json_response(body, status=200 if body["ok"] else body["error_code"])

    def _chat(self, params: dict) -> int:
        try:
            chat_id = int(params.get("chat_id", ""))
        except ValueError:
            raise _bad("chat not found") from None
        if chat_id not in self.world.chats:
            raise _bad("chat not found")
        return chat_id

    def _text(self, params: dict) -> tuple[str, list[dict]]:
        source = str(params.get("text", ""))
        if params.get("parse_mode") == "HTML":
            try:
                text, entities = parse_html(source)
            except EntityError as error:
                raise ApiError(400, str(error)) from None
        else:
            text, entities = source, []
        if not text.strip():
            raise _bad("message text is empty")
        if utf16_len(text) > MAX_TEXT:
            raise _bad("message is too long")
        return text, entities

    @staticmethod
    def _markup(params: dict) -> dict | None:
        markup = params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise _bad("button text is empty")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise _bad("BUTTON_DATA_INVALID")
        return markup

    async def getMe(self, params: dict) -> dict:
        return self.world.bot | {"can_join_groups": True, "can_read_all_group_messages": False,
                                 "supports_inline_queries": False}

    async def setWebhook(self, params: dict) -> bool:
        url = str(params.get("url", ""))
        if not url.startswith(("https://", "http://127.0.0.1")):  # real Telegram: HTTPS only
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook.set(url, str(params.get("secret_token", "")))
        return True

    async def deleteWebhook(self, params: dict) -> bool:
        self.webhook.delete()
        return True

    async def getUpdates(self, params: dict) -> list[dict]:
        if self.webhook.url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use "
                                "deleteWebhook to delete the webhook first")
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        world = self.world
        while True:
            self.event.clear()
            with world.cond:
                if offset:  # confirms everything before it, as Telegram does
                    world.updates = [u for u in world.updates if u["update_id"] >= offset]
                if world.updates or time.monotonic() >= deadline or self.released:
                    return world.updates[:limit]
            try:
                await asyncio.wait_for(self.event.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                pass

    async def sendMessage(self, params: dict) -> dict:
        chat_id = self._chat(params)
        text, entities = self._text(params)
        markup = self._markup(params)
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") or params.get("reply_to_message_id")
        with self.world.cond:
            message = self.world.new_message(
                chat_id, self.world.bot, text=text, entities=entities, source=params["text"],
                reply_markup=markup, reply_to=int(reply_to) if reply_to else None,
            )
            return self.world.message_json(message)

    def _editable(self, params: dict, verb: str = "edit"):
        chat_id = self._chat(params)
        message = self.world.find(chat_id, int(params.get("message_id") or 0))
        if message is None:
            raise _bad(f"message to {verb} not found")
        if message.sender.get("id") != self.world.bot["id"]:
            raise _bad(f"message can't be {verb}ed")
        return message

    async def editMessageText(self, params: dict) -> dict:
        text, entities = self._text(params)
        markup = self._markup(params)
        with self.world.cond:
            message = self._editable(params)
            if (message.text, message.entities, message.reply_markup) == (text, entities, markup):
                raise _bad("message is not modified: specified new message content and reply markup are "
                           "exactly the same as a current content and reply markup of the message")
            message.text, message.entities, message.source = text, entities, params["text"]
            message.reply_markup, message.edits = markup, message.edits + 1
            return self.world.message_json(message)

    async def editMessageReplyMarkup(self, params: dict) -> dict:
        markup = self._markup(params)
        with self.world.cond:
            message = self._editable(params)
            if message.reply_markup == markup:
                raise _bad("message is not modified: specified new message content and reply markup are "
                           "exactly the same as a current content and reply markup of the message")
            message.reply_markup, message.edits = markup, message.edits + 1
            return self.world.message_json(message)

    async def deleteMessage(self, params: dict) -> bool:
        with self.world.cond:
            chat_id = self._chat(params)
            message = self.world.find(chat_id, int(params.get("message_id") or 0))
            if message is None:
                raise _bad("message to delete not found")
            message.deleted = True
            return True

    async def sendChatAction(self, params: dict) -> bool:
        self._chat(params)
        if params.get("action") not in {"typing", "upload_document", "upload_photo", "find_location"}:
            raise _bad("wrong parameter action in request")
        return True

    async def answerCallbackQuery(self, params: dict) -> bool:
        with self.world.cond:
            query = self.world.queries.get(str(params.get("callback_query_id")))
            if query is None or "answer" in query:
                raise _bad("query is too old and response timeout expired or query ID is invalid")
            query["answer"] = {"text": params.get("text"), "show_alert": params.get("show_alert")}
            return True

    async def getFile(self, params: dict) -> dict:
        stored = self.world.files.get(str(params.get("file_id")))
        if stored is None:
            raise _bad("invalid file_id")
        if stored.size > DOWNLOAD_LIMIT:
            raise _bad("file is too big")
        return {"file_id": stored.file_id, "file_unique_id": stored.unique_id, "file_size": stored.size,
                "file_path": stored.path}

    async def setMyCommands(self, params: dict) -> bool:
        commands = params.get("commands") or []
        for command in commands:
            if not command.get("command", "").islower() or not command.get("description"):
                raise _bad("BOT_COMMAND_INVALID")
        with self.world.cond:
            self.world.commands = commands
        return True

    async def getMyCommands(self, params: dict) -> list[dict]:
        return self.world.commands

    async def deleteMyCommands(self, params: dict) -> bool:
        self.world.commands = []
        return True
