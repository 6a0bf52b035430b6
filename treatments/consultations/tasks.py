"""The emails about a new consultation request, sent by the task worker (`manage.py db_worker`), not the request.

An SMTP server that is slow or down costs the patient nothing: the form answers once the request and its
task are saved. A send that fails is tried again later by the queue, and after the last try by the timer's
`send_pending_notifications`, which also covers a task that could not be queued at all.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .notifications import send_pending

# After the first try fails: again in 1, 5, 15 and 60 minutes.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))


@task()
def send_request_notifications(consultation_pk, attempt=0):
    """Sends what request `consultation_pk` is still owed; returns the counts, which the task's result keeps.

    The result never holds the error itself: an SMTP error can quote the patient's address.
    """
    sent, failed = send_pending(consultation_pk)
    retry_at = None
    if failed and attempt < len(RETRY_DELAYS) and send_request_notifications.get_backend().supports_defer:
        retry_at = timezone.now() + RETRY_DELAYS[attempt]
        send_request_notifications.using(run_after=retry_at).enqueue(consultation_pk, attempt + 1)
    return {"sent": sent, "failed": failed, "retry_at": retry_at.isoformat() if retry_at else None}
