"""Issue 13, attack 9: exactly once must not depend on the bot's clock agreeing with Slack's. A sweep
is killed after Slack took a post; the bot's clock is an hour ahead of Slack's (so Slack stamps the
post an hour "before" the bot claimed it). The sweep run again finds the post by its key in the
channel's history and does not post it twice. Real `forum jobs run-due` processes, SIGKILLed, with
the recording stand-in Slack."""

from __future__ import annotations

import signal
from datetime import timedelta

from tests.reminders.test_faults_reminders import _attempts, _statuses
from tests.reminders.test_reminders_concurrency import EXPECTED, MORNING, _forum, _posted_channels, busy_morning
from tests.support.bot_server import settings_for
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import RecordingSlack


def test_a_post_slack_stamped_an_hour_before_the_claim_is_still_found(engine, tmp_path):
    slack = RecordingSlack().start()
    try:
        slack.ts_base = int(MORNING.timestamp()) - 3600  # Slack's clock an hour behind the bot's
        settings = settings_for(engine, SLACK_API_URL=slack.api_url)
        load_yaml(engine, busy_morning(), settings.tz)
        url = engine.url.render_as_string(hide_password=False)
        slack.swallow_after = 4  # Slack takes the fifth post; the sweep is killed before it hears so
        run = _forum(tmp_path, url, slack, "jobs", "run-due", "--now", MORNING.isoformat())
        assert slack.held.wait(60), run.communicate(timeout=5)
        run.send_signal(signal.SIGKILL)
        run.wait(30)
        slack.release()
        assert len(slack.accepted) == 5
        for minutes in (1, 12):  # at once (the taken one still leased), then when its lease has run out
            again = _forum(
                tmp_path, url, slack, "jobs", "run-due", "--now", (MORNING + timedelta(minutes=minutes)).isoformat()
            )
            out, err = again.communicate(timeout=120)
            assert again.returncode == 0, err
        assert _posted_channels(slack) == EXPECTED  # each once
        assert _statuses(engine) == {"sent": len(EXPECTED)}
        recovered = [results for results in _attempts(engine).values() if "interrupted" in results]
        assert len(recovered) == 1 and recovered[0][-1] == "found"
    finally:
        slack.stop()
