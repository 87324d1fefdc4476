import uuid

from fastapi import APIRouter, Response, status

from app.core.deps import PageDep, SessionDep
from app.core.errors import PROBLEM_RESPONSES
from app.core.pagination import Page
from app.listening import watches as service
from app.listening.dependencies import WatchesRead, WatchesWrite
from app.listening.models import Watch
from app.listening.watch_repository import WatchRepository
from app.listening.watch_schemas import (
    PreviewRequest,
    PreviewResponse,
    WatchCreate,
    WatchRead,
    WatchUpdate,
)

router = APIRouter(prefix="/workspaces/{workspace_id}", tags=["watches"])


@router.post("/watches", status_code=201, response_model=WatchRead,
             summary="Create a watch: a query and the sources it listens to",
             responses={422: {**PROBLEM_RESPONSES[422],
                             "description": "Invalid query; `position` points at the error"}})
async def create_watch(data: WatchCreate, access: WatchesWrite, session: SessionDep
                       ) -> WatchRead:
    watch = await service.create_watch(session, access.principal, access.workspace, data)
    return (await service.read_watches(session, access.principal, [watch]))[0]


@router.get("/watches", response_model=Page[WatchRead],
            summary="Watches of the workspace with their sources' health")
async def list_watches(access: WatchesRead, session: SessionDep, page: PageDep
                       ) -> Page[WatchRead]:
    rows, cursor = await WatchRepository(session, access.principal).page(
        page, Watch.workspace_id == access.workspace.id)
    return Page(items=await service.read_watches(session, access.principal, rows),
                next_cursor=cursor)


@router.post("/watches/preview", response_model=PreviewResponse,
             summary="Try a query against its sources once, without saving anything")
async def preview_draft(data: PreviewRequest, access: WatchesWrite) -> PreviewResponse:
    return await service.preview(data)


@router.get("/watches/{watch_id}", response_model=WatchRead, summary="A watch")
async def get_watch(watch_id: uuid.UUID, access: WatchesRead, session: SessionDep
                    ) -> WatchRead:
    watch = await WatchRepository(session, access.principal).in_workspace(access.workspace.id,
                                                                          watch_id)
    return (await service.read_watches(session, access.principal, [watch]))[0]


@router.patch("/watches/{watch_id}", response_model=WatchRead,
              summary="Change a watch; new sources restart from scratch")
async def update_watch(watch_id: uuid.UUID, data: WatchUpdate, access: WatchesWrite,
                       session: SessionDep) -> WatchRead:
    repo = WatchRepository(session, access.principal)
    watch = await service.update_watch(session, access.principal,
                                       await repo.in_workspace(access.workspace.id, watch_id),
                                       data)
    return (await service.read_watches(session, access.principal, [watch]))[0]


@router.delete("/watches/{watch_id}", status_code=204,
               summary="Delete a watch (its mentions stay in the inbox)")
async def delete_watch(watch_id: uuid.UUID, access: WatchesWrite, session: SessionDep
                       ) -> Response:
    repo = WatchRepository(session, access.principal)
    await repo.delete(await repo.in_workspace(access.workspace.id, watch_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/watches/{watch_id}/preview", response_model=PreviewResponse,
             summary="Run a saved watch's query once against its sources, storing nothing")
async def preview_watch(watch_id: uuid.UUID, access: WatchesWrite, session: SessionDep
                        ) -> PreviewResponse:
    repo = WatchRepository(session, access.principal)
    watch = await repo.in_workspace(access.workspace.id, watch_id)
    return await service.preview_saved(session, access.principal, watch)


@router.post("/watches/{watch_id}/collect", status_code=202, response_model=WatchRead,
             summary="Collect now instead of waiting for the next scheduled run")
async def collect_watch(watch_id: uuid.UUID, access: WatchesWrite, session: SessionDep
                        ) -> WatchRead:
    repo = WatchRepository(session, access.principal)
    watch = await repo.in_workspace(access.workspace.id, watch_id)
    await service.collect_now(session, access.principal, watch)
    return (await service.read_watches(session, access.principal, [watch]))[0]
