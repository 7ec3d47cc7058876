from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"

    def ready(self) -> None:
        from accounts.subscriptions.selectors import register_residence_counter
        from tasks.selectors import active_task_counts

        register_residence_counter("active_tasks", active_task_counts)
