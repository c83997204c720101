"""The HTTP service (``vnplan serve``): FastAPI over the batch's worker processes.

``app`` (the factory, ``create_app``, and how a worker's outcome becomes an answer),
``routes`` (the endpoints), ``uploads`` (the upload, its size checked while it streams),
``problems`` (every error as RFC 9457 ``application/problem+json``), ``pool`` (the bridge from
the event loop to the worker processes) and ``work`` (what a worker runs).

Needs the ``serve`` extra: ``pip install 'vnplan[serve]'``.
"""

from vnplan.service.app import ServiceSettings, create_app

__all__ = ["ServiceSettings", "create_app"]
