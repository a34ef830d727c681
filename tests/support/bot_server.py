"""The real bolt app and WSGI router, served by waitress on a loopback port; and the settings tests give it."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine

from settings import Settings
from tests.support.slack_requests import SIGNING_SECRET


def settings_for(engine: Engine, **overrides: Any) -> Settings:
    values = {
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "FORUM_TIMEZONE": "Europe/London",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


class BotServer:
    """The real bolt app and WSGI router, served by waitress on a loopback port."""

    def __init__(self, engine: Engine, settings: Settings):
        from waitress.server import create_server

        from bot.http import create_wsgi
        from bot.slack_app import create_app

        self.settings = settings
        self.app = create_app(settings, engine)
        self.server = create_server(create_wsgi(self.app, engine, settings), host="127.0.0.1", port=0, threads=4)
        self.closing = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.server.run()
        except OSError:
            if not self.closing:  # closing the socket under the loop is how waitress stops
                raise

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.effective_port}"

    def close(self) -> None:
        """Everything closed from the loop's own thread, woken by waitress's trigger: the loop ends at
        once. (A shorter loop timeout would do it too, but waitress takes whole seconds — 0.05 was
        read as 0, and the loop spun a core for as long as a test's bot was up.)"""
        from waitress import wasyncore

        if self.closing:
            return
        self.closing = True
        self.server.task_dispatcher.shutdown()
        trigger = self.server.trigger
        # Held across both steps: a reply's own pull may wake the loop between them, and the loop would
        # run the thunk and close the trigger before it is written to (EBADF, seen in CI).
        with trigger.lock:
            trigger.thunks.append(lambda: wasyncore.close_all(self.server._map))
            trigger._physical_pull()
        self.thread.join(timeout=5)
