"""Outermost, so that it times and logs every answer (operations/request_log.py says what a line holds)."""

import time

from ..operations.request_log import log_request, request_id_for
from . import Middleware


class RequestLogMiddleware(Middleware):
    def __call__(self, request):
        started = time.monotonic()
        request.request_id = request_id_for(request)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        log_request(request, response, started)
        return response
