import pytest

from clients.normalize import clean_client_fields
from clients.services import client_create


@pytest.fixture
def make_client(db):
    """Create a client through the service, from values as staff would type them."""

    def make(**typed):
        typed.setdefault("name", "株式会社能登建設")
        result = clean_client_fields(typed)
        assert result.errors == {}, result.errors
        return client_create(data=result.values, user=typed.pop("user", None))

    return make
