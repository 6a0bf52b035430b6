from django.conf import settings


def client_ip(request):
    """The patient's address as the nearest trusted proxy saw it.

    X-Forwarded-For entries to the left of the trusted proxies' own are written
    by the client and can be forged, so only the entry the proxies added counts.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META["REMOTE_ADDR"]
