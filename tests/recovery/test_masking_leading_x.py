"""A password starting with x or X is masked; a placeholder made only of x or * is not."""

import pytest

from office.secrets import MASK, mask_secrets


@pytest.mark.parametrize("secret", ["Xy7-secret-Pw", "xK9pq2Lm", "XXXX1234"])
def test_a_password_starting_with_x_is_masked(secret):
    assert mask_secrets(f"新パスワード:{secret}\n") == f"新パスワード:{MASK}\n"


@pytest.mark.parametrize("placeholder", ["xxxxxxxx", "XXXX", "********"])
def test_a_placeholder_of_only_x_or_stars_is_left_alone(placeholder):
    assert mask_secrets(f"新パスワード:{placeholder}") == f"新パスワード:{placeholder}"
