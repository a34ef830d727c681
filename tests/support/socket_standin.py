"""A stand-in for Slack's Socket Mode server on loopback: a WebSocket endpoint that greets the bot,
sends it envelopes as Slack does, and hands back the bot's acknowledgements.

The bot finds it the way it finds Slack's: it calls `apps.connections.open` (on the stand-in Web API,
see `script_connections_open`) and connects to the URL in the answer. On each connection the server
sends Slack's `hello`; `send` then puts an envelope on the live connection and waits for the frame
that acknowledges it (`{"envelope_id": …, "payload": {…}}`).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid

import websockets

from tests.support.slack_standin import SlackStandIn

HELLO = {
    "type": "hello",
    "num_connections": 1,
    "debug_info": {"host": "applink-standin", "build_number": 1, "approximate_connection_time": 18060},
    "connection_info": {"app_id": "A0FORUM"},
}


class SocketModeStandIn:
    def __init__(self) -> None:
        self.frames: list[dict] = []  # every frame the bot sent us, in order
        self.paths: list[str] = []  # the request path of each connection (the URL we handed out)
        self._acks: dict[str, dict] = {}
        self._connection = None
        self._changed = threading.Condition()
        self._loop = asyncio.new_event_loop()
        self._server = None
        self._started = threading.Event()
        self._stopped: asyncio.Event | None = None
        self.thread = threading.Thread(target=self._run, name="socket-mode-standin", daemon=True)

    # --- the server, on its own event loop in a background thread ---

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        self._stopped = asyncio.Event()
        # ping_interval=None: Slack's own pings are not what is under test; the bot still pings us.
        async with websockets.serve(self._handle, "127.0.0.1", 0, ping_interval=None) as server:
            self._server = server
            self._started.set()
            await self._stopped.wait()

    async def _handle(self, connection) -> None:
        request = getattr(connection, "request", None)  # websockets >= 14; older ones have .path
        path = request.path if request is not None else getattr(connection, "path", "")
        with self._changed:
            self.paths.append(path)
            self._connection = connection
            self._changed.notify_all()
        await connection.send(json.dumps(HELLO))
        try:
            async for raw in connection:
                frame = json.loads(raw)
                with self._changed:
                    self.frames.append(frame)
                    if frame.get("envelope_id"):
                        self._acks[frame["envelope_id"]] = frame
                    self._changed.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            with self._changed:
                if self._connection is connection:
                    self._connection = None
                self._changed.notify_all()

    # --- the test's side ---

    def start(self) -> SocketModeStandIn:
        self.thread.start()
        if not self._started.wait(timeout=10):
            raise RuntimeError("the Socket Mode stand-in did not start")
        return self

    @property
    def port(self) -> int:
        return self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        """What apps.connections.open answers: Slack's is wss://wss-primary.slack.com/link/?ticket=…"""
        return f"ws://127.0.0.1:{self.port}/link/?ticket=standin-ticket&app_id=A0FORUM"

    def script_connections_open(self, slack: SlackStandIn, times: int = 5) -> None:
        """Have the stand-in Web API hand out our URL (a few times: the bot asks again to reconnect)."""
        answer = (200, {"ok": True, "url": self.url}, {})
        slack.scripted.setdefault("apps.connections.open", []).extend([answer] * times)

    @property
    def connected(self) -> bool:
        with self._changed:
            return self._connection is not None

    def wait_connected(self, timeout: float = 15, alive=lambda: True) -> bool:
        """True once the bot holds a connection; False after `timeout`, or as soon as `alive()` is false."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._connection is None:
                left = deadline - time.monotonic()
                if left <= 0 or not alive():
                    return False
                self._changed.wait(timeout=min(left, 0.2))
            return True

    def send(self, type_: str, payload: dict, accepts_response_payload: bool = True, timeout: float = 10) -> dict:
        """Send one envelope as Slack does and return the bot's acknowledgement frame."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": type_,
            "accepts_response_payload": accepts_response_payload,
            "payload": payload,
        }
        with self._changed:
            connection = self._connection
        if connection is None:
            raise AssertionError("the bot is not connected to the Socket Mode stand-in")
        asyncio.run_coroutine_threadsafe(connection.send(json.dumps(envelope)), self._loop).result(timeout=5)
        deadline = time.monotonic() + timeout
        with self._changed:
            while envelope_id not in self._acks:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no acknowledgement for the {type_} envelope within {timeout} s; frames so far: {self.frames}"
                    )
                self._changed.wait(timeout=left)
            return self._acks[envelope_id]

    def stop(self) -> None:
        if self._stopped is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._stopped.set)
        self.thread.join(timeout=10)
        if not self._loop.is_running():
            self._loop.close()
