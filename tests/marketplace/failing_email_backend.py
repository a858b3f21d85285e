"""An email backend (a transport, not project code) that refuses two recipients, as an SMTP
server refusing unknown addresses would."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSED = {"reader1@example.org", "reader3@example.org"}


class FailForSomeBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & REFUSED:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)
