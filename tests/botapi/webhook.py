"""Webhook mode of the fake Bot API: after setWebhook, pending updates are POSTed to the bot, as Telegram
does, with the secret token header; getUpdates then answers 409 Conflict."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp

from .world import World


class Webhook:
    """Delivers the world's pending updates to one URL, oldest first, retrying until the bot answers 200."""

    def __init__(self, world: World, event: asyncio.Event) -> None:
        self.world = world
        self.event = event
        self.url = ""
        self.secret = ""
        self.delivered = 0
        self.refused: list[int] = []  # HTTP statuses of failed deliveries
        self._task: asyncio.Task | None = None

    def set(self, url: str, secret: str) -> None:
        self.url, self.secret = url, secret
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._deliver())

    def delete(self) -> None:
        self.url = ""
        if self._task:
            self._task.cancel()

    async def stop(self) -> None:
        self.delete()
        if self._task:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _deliver(self) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            while self.url:
                self.event.clear()
                with self.world.cond:
                    pending = list(self.world.updates)
                for update in pending:
                    if not await self._post(session, update):
                        await asyncio.sleep(0.2)
                        break
                    with self.world.cond:
                        self.world.updates.remove(update)
                        self.delivered += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.event.wait(), 0.5)

    async def _post(self, session: aiohttp.ClientSession, update: dict) -> bool:
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret} if self.secret else {}
        try:
            async with session.post(self.url, json=update, headers=headers) as response:
                if response.status != 200:
                    self.refused.append(response.status)
                return response.status == 200
        except aiohttp.ClientError:
            return False
