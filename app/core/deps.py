"""Dependencies every domain shares."""

from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import request_session
from app.core.pagination import PageParams, page_params

SessionDep = Annotated[AsyncSession, Depends(request_session, scope="function")]
PageDep = Annotated[PageParams, Depends(page_params)]
