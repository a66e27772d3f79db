from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = "ID復旧"

    def ready(self) -> None:
        from clients.retention import register_case_book_provider

        from .case_book import recovery_case_book_lines

        # A deleted client's cases stay in the 事件簿 copy for 2 years (行政書士法 §9).
        register_case_book_provider(recovery_case_book_lines)
