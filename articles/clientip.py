"""The address a request really came from.

Behind a reverse proxy REMOTE_ADDR is the proxy's address and the client's is in
X-Forwarded-For, which anyone can also send themselves. So the header is believed only
when the request arrives from one of settings.TRUSTED_PROXIES, and then only as far as
those proxies wrote it: reading from the right, the first address that is not one of our
own proxies is the client. Login throttling (django-axes) and comment flood control both
use this one function.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address, networks):
    return any(address in network for network in networks)


def client_ip(request):
    """The client's IP address as a string, or None when the server gave none."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _parse(hop)
        if address is None:
            # Garbage in the chain: trust nothing to its left.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
