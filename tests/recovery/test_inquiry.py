"""The CCUS inquiry text: the guide's labels byte for byte, filled from client, case and office."""

import pytest

from office.selectors import get_office
from recovery.inquiry import INQUIRY_ITEM, build_inquiry

pytestmark = pytest.mark.django_db

EXPECTED_BODY = (
    "【お問い合わせ内容】\n"
    "登録されているメールアドレスがわからなくなってしまった(使用できなくなった)ため、変更をお願いします\n"
    "\n"
    "【変更希望事業者情報】\n"
    "①事業者名: 株式会社能登テスト建設\n"
    "②事業者ID: 12345678901234\n"
    "③事業者の所在地: 石川県七尾市御祓町1番地\n"
    "④事業者の電話番号 0767-53-1234\n"
    "⑤登録済みメールアドレス: 不明\n"
    "⑥変更希望メールアドレス: ccus@noto-test.example.jp\n"
    "⑦使用できない理由: 失念\n"
    "⑧ログイン可能か: 不可"
)

EXPECTED_FULL = (
    "【お問い合わせ項目】\n"
    "①ログイン情報を教えてほしい。(※セキュリティコード/登録メールアドレス/パスワードが不明)\n"
    "\n"
    "【情報記入欄】\n" + EXPECTED_BODY + "\n"
    "\n"
    "【お問い合わせ担当者情報】\n"
    "会社名: 行政書士テスト事務所\n"
    "氏名: 山田 花子\n"
    "メールアドレス: info@test-gyosei.example.jp\n"
    "電話番号: 0767-52-0001\n"
)


def test_the_inquiry_of_a_full_case_is_exactly_the_guides_text(full_case):
    inquiry = build_inquiry(full_case, get_office())
    assert inquiry.ready
    assert inquiry.body == EXPECTED_BODY
    assert inquiry.item == INQUIRY_ITEM
    assert inquiry.full_text == EXPECTED_FULL


def test_full_width_values_are_written_half_width(full_case, office_profile):
    client = full_case.client
    client.phone = "０７６７－５３－１２３４"
    client.save()
    full_case.new_email = "ｃｃｕｓ＠ｎｏｔｏ-test.example.jp"
    office_profile.tel = "０７６７ー５２ー０００１"
    office_profile.email = "ｉｎｆｏ@test-gyosei.example.jp"
    office_profile.save()
    inquiry = build_inquiry(full_case, get_office())
    assert "④事業者の電話番号 0767-53-1234\n" in inquiry.body
    assert "⑥変更希望メールアドレス: ccus@noto-test.example.jp\n" in inquiry.body
    assert ("電話番号", "0767-52-0001") in inquiry.contact
    assert ("メールアドレス", "info@test-gyosei.example.jp") in inquiry.contact


@pytest.mark.parametrize(
    "change, missing",
    [
        (lambda case, office: setattr(case.client, "business_id", ""), "事業者ID"),
        (lambda case, office: setattr(case.client, "address", ""), "事業者の所在地"),
        (lambda case, office: setattr(case.client, "phone", ""), "事業者の電話番号"),
        (lambda case, office: setattr(case, "new_email", ""), "変更希望メールアドレス"),
        (lambda case, office: setattr(case, "assignee", None), "担当者"),
        (
            lambda case, office: (
                setattr(case.assignee, "last_name", "") or setattr(case.assignee, "first_name", "")
            ),
            "担当者の氏名",
        ),
        (lambda case, office: setattr(office, "name", ""), "事務所名"),
        (lambda case, office: setattr(office, "email", ""), "事務所のメールアドレス"),
        (lambda case, office: setattr(office, "tel", ""), "事務所の電話番号"),
    ],
)
def test_each_missing_field_is_listed_and_no_text_is_offered(full_case, change, missing):
    office = get_office()
    change(full_case, office)
    inquiry = build_inquiry(full_case, office)
    assert not inquiry.ready
    assert inquiry.body == ""
    assert [item for item in inquiry.missing if item.startswith(missing + "(")]
