"""One selector lists the staff for every assignee picker (office.selectors.staff_members)."""

import pytest

from office.selectors import staff_members
from recovery.forms import CaseCreateForm, CaseEditForm, CaseFilterForm
from recovery.reminders.forms import ReassignForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    make = django_user_model.objects.create_user
    return {
        "suzuki": make(username="suzuki", last_name="鈴木", first_name="次郎"),
        "abe": make(username="abe", last_name="阿部", first_name="花子"),
        "gone": make(username="gone", last_name="井上", first_name="退職", is_active=False),
        "abe2": make(username="abe2", last_name="阿部", first_name="一郎"),
    }


def test_it_lists_active_staff_by_family_then_given_name(people):
    names = [user.username for user in staff_members()]
    assert names == sorted(names, key=lambda u: (people[u].last_name, people[u].first_name))
    assert "gone" not in names
    assert len(names) == 3


def test_every_assignee_picker_offers_the_same_people(people):
    wanted = list(staff_members())
    for form in (CaseCreateForm(), CaseEditForm(), CaseFilterForm(), ReassignForm()):
        assert list(form.fields["assignee"].queryset) == wanted, type(form).__name__


def test_a_departed_member_cannot_be_chosen(people):
    form = ReassignForm(data={"assignee": people["gone"].pk})
    assert not form.is_valid()
    assert "assignee" in form.errors
