"""One way to write a staff member's name everywhere: 姓 名, else the login name."""

import pytest
from django.template import Context, Template

from office.selectors import user_full_name, user_label

pytestmark = pytest.mark.django_db


def test_a_name_is_family_name_first(staff_user):
    assert user_full_name(staff_user) == "山田 花子"
    assert user_label(staff_user) == "山田 花子"


def test_without_a_name_the_label_falls_back_to_the_login_but_the_full_name_stays_empty(
    django_user_model,
):
    user = django_user_model.objects.create_user(username="tanaka")
    assert user_full_name(user) == ""
    assert user_label(user) == "tanaka"
    assert user_full_name(None) == ""


def test_the_template_filter_writes_the_same_label(staff_user, django_user_model):
    nameless = django_user_model.objects.create_user(username="suzuki")
    template = Template(
        "{% load formatting %}[{{ a|staff_name }}][{{ b|staff_name }}][{{ c|staff_name }}]"
    )
    html = template.render(Context({"a": staff_user, "b": nameless, "c": None}))
    assert html == "[山田 花子][suzuki][]"
