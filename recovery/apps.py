from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = "ID復旧"

    def ready(self) -> None:
        from clients.signals import client_deleted
        from office.signals import access_log_target_search

        from .receivers import case_access_log_targets_found, case_book_lines_kept

        # A deleted client's cases stay in the 事件簿 copy for 2 years (行政書士法 §9).
        client_deleted.connect(case_book_lines_kept, dispatch_uid="recovery.case_book")
        # The access log's 対象 filter finds a client's cases by its name or 事業者ID.
        access_log_target_search.connect(
            case_access_log_targets_found, dispatch_uid="recovery.access_log_targets"
        )
