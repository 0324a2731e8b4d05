"""The Jinja2 environment: autoescape always on, Danish number formatting filters."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kilde.web.charts import percent


def web_link(url: str | None) -> str | None:
    """`url` if it is an http(s) link, else None (no javascript: or data: links from data)."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


_environment = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["percent"] = percent
_environment.filters["web_link"] = web_link
_environment.filters["thousands"] = lambda n: f"{int(n or 0):,}".replace(",", ".")

templates = Jinja2Templates(env=_environment)
