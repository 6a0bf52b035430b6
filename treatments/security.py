"""The Content-Security-Policy header, built once per process rather than on every response."""

from csp.middleware import CSPMiddleware


class StaticCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy string kept while no response asks for its own.

    The site's policy never changes while it runs: no nonces (no inline script), and no view changes
    its policy with django-csp's decorators. Building the header anew took a tenth of a cached page's
    time. A response or request that does ask for a change gets django-csp's own handling.
    """

    PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")

    def get_policy_parts(self, request, response, report_only=False):
        if getattr(request, "_csp_nonce", None) or any(hasattr(response, name) for name in self.PER_RESPONSE):
            return super().get_policy_parts(request, response, report_only)
        cache = self.__dict__.setdefault("_parts", {})
        if report_only not in cache:
            cache[report_only] = super().get_policy_parts(request, response, report_only)
        return cache[report_only]
