from celery import shared_task

from notifications.services import deliver, deliver_due, send_mails


@shared_task(name="notifications.deliver")
def deliver_task(delivery_id: str) -> None:
    deliver(delivery_id)


@shared_task(name="notifications.deliver_due")
def deliver_due_task() -> None:
    """Run by the beat every minute: a retry whose task was lost is still made."""
    deliver_due()


@shared_task(name="notifications.send_mails")
def send_mails_task(mails: list) -> None:
    send_mails(mails)
