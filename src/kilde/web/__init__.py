"""kilde's web layer: a REST API and a Danish web UI over the archive (`kilde serve`)."""

from kilde.web.app import create_app

__all__ = ["create_app"]
