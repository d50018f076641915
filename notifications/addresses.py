"""Where a webhook may go: an HTTPS address on the public internet. Private, loopback,
link-local and other special addresses are refused (a client admin must not be able to make
the server call into its own network), unless ``WEBHOOKS_ALLOW_PRIVATE`` is set, for
development and tests, which also allows plain HTTP.

A name is checked when the endpoint is registered (its literal form) and resolved again before
every delivery, so a name that comes to point inward later is refused then too."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from api.errors import DomainError

# Names that are private by definition, whatever a resolver says.
PRIVATE_NAMES = ("localhost", ".localhost", ".local", ".internal", ".lan", ".home.arpa")


class Refused(Exception):
    """An address a webhook may not go to, with the reason in the reader's language."""


def _allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_form(url: str) -> str:
    """The URL's host, when the URL may be registered; ``Refused`` otherwise."""
    parts = urlsplit(url)
    if parts.scheme != "https" and not (_allowed() and parts.scheme == "http"):
        raise Refused(_("Give an https:// address."))
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password:
        raise Refused(_("Give an address with a host and no user name or password in it."))
    if _allowed():
        return host
    if host == "localhost" or host.endswith(PRIVATE_NAMES):
        raise Refused(_("Webhooks go to public addresses, not to a private network."))
    try:
        if not public(host):
            raise Refused(_("Webhooks go to public addresses, not to a private network."))
    except ValueError:
        pass  # a name: resolved before each delivery
    return host


def check_resolved(url: str) -> None:
    """Before a delivery: every address the host resolves to is public (``Refused`` if not,
    or if it does not resolve)."""
    host = check_form(url)
    if _allowed():
        return
    port = urlsplit(url).port or 443
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise Refused(_("The address's name does not resolve.")) from error
    if not infos or not all(public(info[4][0]) for info in infos):
        raise Refused(_("Webhooks go to public addresses, not to a private network."))


def validate_url(url: str) -> str:
    """For the API and the pages: the URL, or a 400 naming ``url``."""
    try:
        check_form(url)
    except Refused as error:
        raise DomainError(str(error), code="refused_address", attr="url") from None
    return url
