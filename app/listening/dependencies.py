"""Named permission dependencies of the listening domain (watches and mentions).

Built on `require_workspace`: a workspace the caller cannot reach answers 404, one they
reach without the permission (clients: they have no listening permission) answers 403.
"""

from typing import Annotated

from app.auth.permissions import Permission
from app.tenancy.dependencies import WorkspaceAccess, require_workspace

P = Permission
WatchesRead = Annotated[WorkspaceAccess, require_workspace(P.watches_read)]
WatchesWrite = Annotated[WorkspaceAccess, require_workspace(P.watches_write)]
MentionsRead = Annotated[WorkspaceAccess, require_workspace(P.mentions_read)]
MentionsWrite = Annotated[WorkspaceAccess, require_workspace(P.mentions_write)]

__all__ = ["MentionsRead", "MentionsWrite", "WatchesRead", "WatchesWrite", "WorkspaceAccess"]
