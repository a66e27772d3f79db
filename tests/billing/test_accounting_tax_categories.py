"""弥生's 税区分 names: the reduced rate is 「課税売上込軽減8%」; 「課税売上込8%」 is the old
standard 8 % of before 2019-10 and would put the sales into the wrong line of the tax return."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from billing import accounting, services
from billing.models import ChargeLine
from tests.billing.test_accounting import YAYOI_COLUMNS

pytestmark = pytest.mark.django_db


def _rows(data: bytes) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(data.decode("cp932")))
    return [dict(zip(YAYOI_COLUMNS, row, strict=True)) for row in reader]


def test_each_rate_is_booked_under_its_own_yayoi_tax_category(engagement):
    services.charge_line_add(
        engagement=engagement,
        kind=ChargeLine.Kind.FEE,
        description="軽減税率の対象（例）",
        amount=1000,
        tax_rate=8,
    )
    services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    rows = _rows(accounting.journal_csv(date_from=date(2026, 5, 1), date_to=date(2026, 5, 31)))
    sales = {r["貸方税区分"]: r for r in rows if r["貸方勘定科目"] == "売上高"}
    assert set(sales) == {"課税売上込10%", "課税売上込軽減8%"}
    assert (sales["課税売上込軽減8%"]["貸方金額"], sales["課税売上込軽減8%"]["貸方税金額"]) == (
        "1080",
        "80",
    )
    assert (sales["課税売上込10%"]["貸方金額"], sales["課税売上込10%"]["貸方税金額"]) == (
        "33000",
        "3000",
    )


def test_the_tax_category_names_per_rate():
    assert accounting._sales_tax_category(10) == "課税売上込10%"
    assert accounting._sales_tax_category(8) == "課税売上込軽減8%"
    with pytest.raises(ValueError):
        accounting._sales_tax_category(5)
