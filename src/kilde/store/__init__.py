"""The kilde archive: analyses stored in SQLite or PostgreSQL, searchable, with statistics.

```
from kilde.store import Archive
with Archive.open("kilde.db") as archive:          # or "postgresql://user@host/db"
    archive.add(analysis)
    page = archive.search("soldat", speaker="Frederiksen", date_from="2021-01")
    archive.stats(by=("outlet", "month"))
```
"""

from kilde.store.archive import DEFAULT_DB, Archive, default_target
from kilde.store.models import (
    ArticleSummary,
    IngestError,
    Page,
    QuoteHit,
    SpeakerDetail,
    SpeakerSummary,
    StoredArticle,
)
from kilde.store.schema import LATEST_VERSION, ArchiveVersionError

__all__ = [
    "Archive",
    "ArchiveVersionError",
    "ArticleSummary",
    "DEFAULT_DB",
    "IngestError",
    "LATEST_VERSION",
    "Page",
    "QuoteHit",
    "SpeakerDetail",
    "SpeakerSummary",
    "StoredArticle",
    "default_target",
]
