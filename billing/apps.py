from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "報酬・請求"

    def ready(self) -> None:
        from clients.signals import client_case_book_fees

        from .receivers import case_book_fees_kept

        # The fee of each case goes into the 事件簿 copy kept when its client is deleted.
        client_case_book_fees.connect(case_book_fees_kept, dispatch_uid="billing.case_book_fees")
