"""Every path that writes text masks through office.secrets: save(), update(), bulk writes,
history rows."""

import pytest

from clients.models import Client, Consultation
from office.secrets import MASK

pytestmark = pytest.mark.django_db

SECRET = "Xk29!pqL"
MEMO = f"お客様より: 仮PW「{SECRET}」"


def test_update_masks_text_values():
    client = Client.objects.create(name="株式会社能登テスト建設")
    Client.objects.filter(pk=client.pk).update(memo=MEMO)
    client.refresh_from_db()
    assert client.memo == f"お客様より: 仮PW「{MASK}」"


def test_bulk_create_and_bulk_update_mask_each_row():
    Client.objects.bulk_create([Client(name="有限会社七尾工務店", memo=MEMO)])
    stored = Client.objects.get(name="有限会社七尾工務店")
    assert SECRET not in stored.memo
    stored.memo = "セキュリティコードは 48261739 です"
    Client.objects.bulk_update([stored], ["memo"])
    stored.refresh_from_db()
    assert "48261739" not in stored.memo and MASK in stored.memo


def test_history_rows_keep_only_the_masked_text():
    client = Client.objects.create(name="合同会社輪島設備", memo="最初のメモ")
    client.memo = MEMO
    client.save()
    memos = list(client.history.values_list("memo", flat=True))
    assert all(SECRET not in m for m in memos)
    assert any(MASK in m for m in memos)


def test_a_consultation_saved_by_code_is_masked():
    client = Client.objects.create(name="株式会社珠洲建設")
    consultation = Consultation.objects.create(
        client=client,
        received_on="2026-12-01",
        channel="phone",
        content=f"パスワードを{SECRET}に変更したが入れない",
    )
    consultation.refresh_from_db()
    assert consultation.content == f"パスワードを{MASK}に変更したが入れない"
