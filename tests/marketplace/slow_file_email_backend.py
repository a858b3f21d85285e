"""An email transport for the killed-worker test: each message becomes one file in
TEST_EMAIL_DIR (named after its recipient), written after TEST_EMAIL_DELAY seconds, as a slow
SMTP server would accept it. Files outlive the worker process, so the test counts what really
went out, whatever the database says."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["TEST_EMAIL_DIR"])
        delay = float(os.environ.get("TEST_EMAIL_DELAY", "0"))
        for message in email_messages:
            time.sleep(delay)
            name = f"{message.to[0]}--{uuid.uuid4().hex}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
        return len(email_messages)
