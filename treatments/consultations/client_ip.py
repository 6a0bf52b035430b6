import ipaddress

from django.conf import settings


def client_ip(request):
    """The patient's address as the nearest trusted proxy saw it.

    X-Forwarded-For is read only on a connection from a trusted proxy's address
    (DJANGO_TRUSTED_PROXY_IPS); anyone else could write it. Entries to the left of
    the trusted proxies' own are written by the client and can be forged, so only
    the entry the proxies added counts.
    An entry that is not an address ("unknown", "1.2.3.4:5678", junk) means the
    header was not written by a proxy we trust: it is ignored, and the request
    counts as coming from REMOTE_ADDR, the proxy itself.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies and from_a_trusted_proxy(request):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies and (address := ip_address_or_none(hops[-proxies])):
            return address
    # A request built by hand (the test client's force_login, a management command) may have none.
    return request.META.get("REMOTE_ADDR")


def from_a_trusted_proxy(request):
    """Whether the connection comes from a proxy listed in DJANGO_TRUSTED_PROXY_IPS."""
    connected = ip_address_or_none(request.META.get("REMOTE_ADDR", ""))
    return connected is not None and any(
        ipaddress.ip_address(connected) in network for network in settings.TRUSTED_PROXY_NETWORKS
    )


def ip_address_or_none(text):
    """The address in its canonical spelling, or None when `text` is not exactly an IPv4 or IPv6 address."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # A zone ("fe80::1%eth0") names an interface of the proxy, not a client: not an address to count by.
    return None if getattr(address, "scope_id", None) else str(address)
