"""Demo client companies (invented). Idempotent."""


def seed(*, scale: str = "small") -> list[str]:
    return []
