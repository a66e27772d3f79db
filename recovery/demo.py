"""Demo recovery cases (filled in by the recovery work). Idempotent."""


def seed(*, scale: str = "small") -> list[str]:
    return []
