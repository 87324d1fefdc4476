"""The one error a query can raise, precise enough for the API to point at the mistake."""


class QuerySyntaxError(ValueError):
    """`message` is a sentence for the user; `position` and `length` locate the culprit
    (0-based character offsets into the query text) so the UI can underline it."""

    def __init__(self, message: str, position: int, length: int = 1) -> None:
        super().__init__(f"{message} (at position {position})")
        self.message = message
        self.position = position
        self.length = max(length, 0)

    def __repr__(self) -> str:
        return (f"QuerySyntaxError({self.message!r}, position={self.position}, "
                f"length={self.length})")
