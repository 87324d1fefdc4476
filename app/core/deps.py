"""Dependencies every domain shares."""

from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import DriverTransaction, driver_only, request_session
from app.core.pagination import PageParams, page_params

SessionDep = Annotated[AsyncSession, Depends(request_session, scope="function")]
# The same dependency (one per request), as a `@driver_only` endpoint receives it.
DriverDep = Annotated[DriverTransaction, Depends(request_session, scope="function")]
PageDep = Annotated[PageParams, Depends(page_params)]

__all__ = ["DriverDep", "PageDep", "SessionDep", "driver_only"]
