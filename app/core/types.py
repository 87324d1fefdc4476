"""Field types shared by every domain's schemas."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, StringConstraints


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL: refused here as a 422, not met later as a 500.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


NoNul = AfterValidator(_no_nul)


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                 NoNul]


def _storable_instant(value: datetime) -> datetime:
    # Converted to UTC here so an instant PostgreSQL cannot hold is a 422, not a 500.
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range") from None
    if not EARLIEST <= value <= LATEST:
        raise ValueError("must be between 1970 and 2200")
    return value


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
Instant = Annotated[AwareDatetime, AfterValidator(_storable_instant)]
