from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "報酬・請求"

    def ready(self) -> None:
        from clients.retention import register_fee_source

        from .case_book import retained_fees

        # The fee of each case goes into the 事件簿 copy kept when its client is deleted.
        register_fee_source(retained_fees)
