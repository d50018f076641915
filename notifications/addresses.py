"""Where a webhook may go: an HTTPS address on the public internet. Private, loopback,
link-local and other special addresses are refused (a client admin must not be able to make
the server call into its own network), unless ``WEBHOOKS_ALLOW_PRIVATE`` is set, for
development and tests, which also allows plain HTTP.

A name is checked when the endpoint is registered (its literal form) and resolved again before
every delivery, so a name that comes to point inward later is refused then too; the delivery
then connects to the very address that was checked (``pinned``), with the name as the TLS
server name and ``Host``, so a DNS answer that changes in between changes nothing."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from api.errors import DomainError

# Names that are private by definition, whatever a resolver says.
PRIVATE_NAMES = ("localhost", ".localhost", ".local", ".internal", ".lan", ".home.arpa")
# NAT64's well-known prefix (RFC 6052): the IPv4 address is the last 32 bits, and a NAT64
# gateway forwards to it, so 64:ff9b::7f00:1 is 127.0.0.1.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class Refused(Exception):
    """An address a webhook may not go to, with the reason in the reader's language."""


def _allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def _embedded(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: mapped, 6to4, Teredo or NAT64."""
    if ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    if ip.sixtofour:
        return [ip.sixtofour]
    if ip.teredo:
        return list(ip.teredo)
    if ip in NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded(ip)):
        return all(public(str(address)) for address in inner)
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


def resolve(url: str) -> str:
    """Before a delivery: the address to connect to, once every address the host resolves to
    was found public (``Refused`` if one is not, or if it does not resolve)."""
    host = check_form(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise Refused(_("The address's name does not resolve.")) from error
    if not infos:
        raise Refused(_("The address's name does not resolve."))
    if not _allowed() and not all(public(info[4][0]) for info in infos):
        raise Refused(_("Webhooks go to public addresses, not to a private network."))
    return infos[0][4][0]


def pinned(url: str, address: str) -> tuple[str, str, str]:
    """The URL with its host replaced by ``address``, the ``Host`` header and the TLS server
    name that keep the request what it was."""
    parts = urlsplit(url)
    host = f"[{address}]" if ":" in address else address
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl(), parts.netloc, parts.hostname or ""


def validate_url(url: str) -> str:
    """For the API and the pages: the URL, or a 400 naming ``url``."""
    try:
        check_form(url)
    except Refused as error:
        raise DomainError(str(error), code="refused_address", attr="url") from None
    return url
