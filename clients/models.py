"""Client companies (事業者) the office supports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Client(models.Model):
    """A construction company. Only 事業者名 is required; values are stored normalised."""

    name = models.CharField("事業者名", max_length=200)
    name_kana = models.CharField("フリガナ", max_length=200, blank=True)
    # 14 digits, no separators; "" when the client does not know it (domain.md, situation d).
    business_id = models.CharField("事業者ID", max_length=14, blank=True)
    postal_code = models.CharField("郵便番号", max_length=8, blank=True)
    address = models.CharField("所在地", max_length=300, blank=True)
    phone = models.CharField("電話番号", max_length=20, blank=True)
    fax = models.CharField("FAX番号", max_length=20, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    contact_name = models.CharField("ご担当者様名", max_length=100, blank=True)
    memo = models.TextField("メモ", blank=True)

    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登録者", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="更新者", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "事業者"
        verbose_name_plural = "事業者"
        ordering = ["name_kana", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"], condition=~Q(business_id=""),
                name="client_business_id_unique",
                violation_error_message="この事業者IDは既に登録されています。",
            ),
        ]
        indexes = [models.Index(fields=["name_kana", "name"], name="client_kana_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def business_id_display(self) -> str:
        """事業者ID in groups of four for reading aloud and copying: 1234 5678 9012 34."""
        digits = self.business_id
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
