import pytest

from .site_map import create_world


@pytest.fixture
def world(db, django_user_model, staff_user, admin_user, office_profile):
    """A user and one object of every project model, each with primary key OBJECT_PK."""
    return create_world(django_user_model)
