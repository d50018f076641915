from celery import shared_task

from notifications.services import deliver, send_mail


@shared_task(name="notifications.deliver")
def deliver_task(delivery_id: str) -> None:
    deliver(delivery_id)


@shared_task(name="notifications.send_mail")
def send_mail_task(mail_id: str) -> None:
    send_mail(mail_id)
