from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    """A mail server that is down, and whose error quotes the recipient as real ones do."""

    def send_messages(self, email_messages):
        recipients = ", ".join(address for message in email_messages for address in message.to)
        raise ConnectionRefusedError(f"550 mailbox unavailable: {recipients}")
