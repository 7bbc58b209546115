"""Domain errors: each carries a message a user (or support agent) can act on."""


class DomainError(Exception):
    """Base class: the request was understood but breaks a business rule.

    `code` names the rule for callers that word the refusal themselves (the WhatsApp bot, in the
    patient's language); the message stays the English text everyone else shows.
    """

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class ValidationError(DomainError):
    """Input is malformed or out of range."""


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the caller)."""


class IllegalTransition(DomainError):
    """A booking (or other aggregate) cannot move from its state to the one asked for."""


class SlotUnavailable(DomainError):
    """The slot is full, blocked, in the past, or was just taken by someone else."""


class Forbidden(DomainError):
    """The actor's role or center does not allow this."""


class Conflict(DomainError):
    """A uniqueness rule enforced by the database was hit (duplicate request, event...)."""
