"""What staff type → what is stored, or the Japanese message they see."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clients import normalize as n
from clients.normalize import InputError

STORED = [
    # 事業者ID
    (n.clean_business_id, "12345678901234", "12345678901234"),
    (n.clean_business_id, "１２３４５６７８９０１２３４", "12345678901234"),
    (n.clean_business_id, "1234-5678-9012-34", "12345678901234"),
    (n.clean_business_id, "１２３４－５６７８‐９０１２―３４", "12345678901234"),
    (n.clean_business_id, "1234 5678 9012 34", "12345678901234"),
    (n.clean_business_id, "1234　5678　9012　34", "12345678901234"),
    (n.clean_business_id, "1234ー5678ｰ9012−34", "12345678901234"),
    (n.clean_business_id, "", ""),
    (n.clean_business_id, "  ", ""),
    # フリガナ
    (n.clean_kana, "のとけんせつ", "ノトケンセツ"),
    (n.clean_kana, "ﾉﾄｹﾝｾﾂ", "ノトケンセツ"),
    (n.clean_kana, "ﾃﾞﾝｾﾂ ｶﾌﾞｼｷｶﾞｲｼｬ", "デンセツ カブシキガイシャ"),
    (n.clean_kana, "ケ-ス　コウギョウ", "ケース コウギョウ"),
    (n.clean_kana, "ﾊﾟｰｸ", "パーク"),
    # 郵便番号
    (n.clean_postal_code, "9260021", "926-0021"),
    (n.clean_postal_code, "〒９２６－００２１", "926-0021"),
    (n.clean_postal_code, "926ー0021", "926-0021"),
    # 電話番号
    (n.clean_phone, "0312345678", "03-1234-5678"),
    (n.clean_phone, "０３（１２３４）５６７８", "03-1234-5678"),
    (n.clean_phone, "0767583286", "0767-58-3286"),
    (n.clean_phone, "０７６７ー５８ー３２８６", "0767-58-3286"),
    (n.clean_phone, "090 1234 5678", "090-1234-5678"),
    (n.clean_phone, "050-1234-5678", "050-1234-5678"),
    (n.clean_phone, "0120123456", "0120-123-456"),
    (n.clean_phone, "+81 3 1234 5678", "03-1234-5678"),
    # メールアドレス
    (n.clean_email, "ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ", "info@example.jp"),
    (n.clean_email, " info@example.jp ", "info@example.jp"),
    # 事業者名・所在地
    (n.clean_name, "  株式会社　ＡＢＣ建設  ", "株式会社 ABC建設"),
    (n.normalize_text, "七尾市巴町１ー２－３", "七尾市巴町1-2-3"),
]


@pytest.mark.parametrize(("clean", "typed", "stored"), STORED)
def test_it_stores_what_staff_type_in_one_clean_form(clean, typed, stored):
    assert clean(typed) == stored


REFUSED = [
    (n.clean_business_id, "1234567890123", "14桁の数字です。入力された数字は13桁"),
    (n.clean_business_id, "123456789012345", "入力された数字は15桁"),
    (n.clean_business_id, "1234567890123A", "数字以外の文字（A）"),
    (n.clean_business_id, "ID1234567890", "数字以外の文字（ID）"),
    (n.clean_kana, "能登建設", "フリガナはカタカナで入力してください"),
    (n.clean_kana, "NOTO", "使えない文字: NOT"),
    (n.clean_postal_code, "926-002", "郵便番号は7桁の数字"),
    (n.clean_postal_code, "abc-defg", "郵便番号は7桁の数字"),
    (n.clean_phone, "03-1234-567", "電話番号が正しくありません"),
    (n.clean_phone, "1234", "電話番号が正しくありません"),
    (n.clean_phone, "03-ABCD-EFGH", "電話番号が正しくありません"),
    (n.clean_email, "info@", "メールアドレスの形式が正しくありません"),
    (n.clean_email, "info.example.jp", "メールアドレスの形式が正しくありません"),
    (n.clean_email, "情報@example.jp", "半角の英数字と記号"),
    (n.clean_name, "　", "事業者名を入力してください"),
]


@pytest.mark.parametrize(("clean", "typed", "message"), REFUSED)
def test_it_refuses_what_is_really_wrong_with_a_japanese_message(clean, typed, message):
    with pytest.raises(InputError) as excinfo:
        clean(typed)
    assert message in str(excinfo.value)


def test_the_fax_message_names_the_fax_field():
    with pytest.raises(InputError, match="FAX番号が正しくありません"):
        n.clean_phone("12", label="FAX番号")


def test_business_id_is_displayed_in_groups_of_four():
    assert n.format_business_id("12345678901234") == "1234 5678 9012 34"


def test_a_known_postal_code_gives_prefecture_city_and_town():
    found = n.lookup_postal_code("１００－０００１")
    assert (found.prefecture, found.city, found.town) == ("東京都", "千代田区", "千代田")


def test_an_unknown_postal_code_is_a_warning_not_an_error():
    result = n.clean_client_fields({"name": "能登建設", "postal_code": "999-9999"})
    assert result.errors == {}
    assert result.values["postal_code"] == "999-9999"
    assert "999-9999" in result.warnings[0]
    assert "保存はできます" in result.warnings[0]


def test_an_empty_address_is_filled_from_the_postal_code_but_a_typed_one_is_kept():
    filled = n.clean_client_fields({"name": "A", "postal_code": "1000001"})
    assert filled.values["address"] == "東京都千代田区千代田"
    kept = n.clean_client_fields({"name": "A", "postal_code": "1000001", "address": "大阪府"})
    assert kept.values["address"] == "大阪府"


def test_a_whole_client_reports_every_bad_field_at_once():
    result = n.clean_client_fields({"name": "", "business_id": "123", "phone": "1", "email": "x@"})
    assert set(result.errors) == {"name", "business_id", "phone", "email"}


def test_a_search_query_in_fullwidth_with_hyphens_becomes_digits():
    q = n.parse_search_query("１２３４－５６７８")
    assert q.digits == "12345678"
    assert n.parse_search_query("のと").kana == "ノト"
    assert n.parse_search_query("能登 1").digits == ""


NORMALIZERS = [
    n.normalize_text,
    n.normalize_memo,
    n.normalize_kana,
    n.normalize_business_id,
    n.normalize_postal_code,
    n.normalize_phone,
    n.normalize_email,
]


@pytest.mark.parametrize("normalize", NORMALIZERS, ids=lambda f: f.__name__)
@settings(max_examples=300, deadline=None)
@given(value=st.text())
def test_normalisation_never_raises_and_is_idempotent(normalize, value):
    once = normalize(value)
    assert normalize(once) == once


JAPANESE_INPUT = st.text(
    alphabet=st.sampled_from(
        list("０１２３４５６７８９0123456789-－‐ー―ｰ−　 ()（）+ﾉﾄｶﾞﾊﾟあいうアイウ@＠.．〒")
    ),
    max_size=30,
)


@pytest.mark.parametrize("normalize", NORMALIZERS, ids=lambda f: f.__name__)
@settings(max_examples=300, deadline=None)
@given(value=JAPANESE_INPUT)
def test_normalisation_is_idempotent_on_typical_japanese_typing(normalize, value):
    once = normalize(value)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None)
@given(value=st.text())
def test_cleaning_a_whole_client_never_raises(value):
    raw = dict.fromkeys(n.CLIENT_FIELDS, value)
    result = n.clean_client_fields(raw)
    assert set(result.values) == set(n.CLIENT_FIELDS)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.text(), JAPANESE_INPUT))
def test_the_width_fast_path_gives_what_jaconv_gives(value):
    import jaconv

    converted = jaconv.z2h(
        jaconv.h2z(value, kana=True, ascii=False, digit=False), kana=False, ascii=True, digit=True
    )
    assert n.to_halfwidth(value) == converted


def test_the_phone_field_label_follows_the_active_language():
    from django.utils import translation

    raw = dict.fromkeys(n.CLIENT_FIELDS, "")
    with translation.override("ja"):
        assert (
            "電話番号"
            in n.clean_client_fields({**raw, "name": "能登", "phone": "12"}).errors["phone"]
        )
    with translation.override("en"):
        message = n.clean_client_fields({**raw, "name": "Noto", "phone": "12"}).errors["phone"]
    assert "電話番号" not in message
