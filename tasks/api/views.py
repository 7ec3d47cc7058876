"""HTTP for tasks and completions: parse, call a selector or service, serialize."""

from django.db.models import F
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.files import atomic_with_files
from documents.services import media_create
from documents.uploads import UploadLimitMixin
from residences.models import Residence
from residences.selectors import residence_ids_for
from tasks import rules, selectors, services
from tasks.api.serializers import (
    BoardQuerySerializer,
    BoardSerializer,
    CompleteResponseSerializer,
    CompleteSerializer,
    CompletionSerializer,
    PaginatedCompletionListSerializer,
    ResidenceSummarySerializer,
    TaskSerializer,
    TaskUpdateSerializer,
    TaskWriteSerializer,
)
from tasks.filters import TaskFilter
from tasks.models import Task

ORDERING_FIELDS = ["due_date", "created_at", "updated_at", "title", "priority_level", "id"]


def _caller_context(request) -> dict:
    user = getattr(request, "user", None)
    today = user.local_today() if user is not None and user.is_authenticated else None
    return {"today": today}


@extend_schema_view(
    list=extend_schema(
        summary="List my tasks",
        description="Tasks across all my residences. `ordering` accepts " + ", ".join(ORDERING_FIELDS) + " (prefix -).",
    ),
    retrieve=extend_schema(summary="Get a task"),
    create=extend_schema(summary="Create a task", request=TaskWriteSerializer, responses={201: TaskSerializer}),
    partial_update=extend_schema(
        summary="Edit a task (any state but archived)", request=TaskUpdateSerializer, responses={200: TaskSerializer}
    ),
    destroy=extend_schema(summary="Delete a task", responses={204: None}),
)
class TaskViewSet(
    UploadLimitMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    upload_limit_setting = "PHOTO_MAX_BYTES"
    ordering_fields = ORDERING_FIELDS
    ordering = [F("due_date").asc(nulls_last=True), "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        # Authorization lives here: a task outside the caller's residences is a 404.
        return selectors.tasks_visible_to(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **_caller_context(self.request)}

    def _task_response(self, task, status_code=status.HTTP_200_OK) -> Response:
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        data = TaskWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        residence = Residence.objects.filter(
            pk=fields.pop("residence_id"), pk__in=residence_ids_for(request.user)
        ).first()
        if residence is None:
            raise ValidationError({"residence_id": ["No such residence."]})
        task = services.task_create(residence=residence, user=request.user, **fields)
        return self._task_response(task, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        data = TaskUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_update(task=task, user=request.user, **data.validated_data)
        return self._task_response(task)

    def perform_destroy(self, instance):
        services.task_delete(task=instance, user=self.request.user)

    # --- Board ---------------------------------------------------------------------

    @extend_schema(
        summary="Task board: all seven columns, in order",
        parameters=[BoardQuerySerializer],
        responses={200: BoardSerializer},
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def board(self, request):
        query = BoardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        queryset = self.get_queryset()
        residence_id = query.validated_data.get("residence")
        if residence_id is not None:
            get_object_or_404(Residence.objects.filter(pk__in=residence_ids_for(request.user)), pk=residence_id)
            queryset = queryset.filter(residence_id=residence_id)
        days = query.validated_data["days"]
        context = {**self.get_serializer_context(), "days": days}
        columns = selectors.task_board(queryset, today=context["today"], days=days)
        return Response(BoardSerializer({"columns": columns}, context=context).data)

    # --- Transitions ---------------------------------------------------------------

    def _transition(self, service):
        task = service(task=self.get_object(), user=self.request.user)
        return self._task_response(task)

    @extend_schema(summary="Start: the task is in progress", request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._transition(services.task_start)

    @extend_schema(summary="Cancel", request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._transition(services.task_cancel)

    @extend_schema(summary="Uncancel", request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def uncancel(self, request, pk=None):
        return self._transition(services.task_uncancel)

    @extend_schema(summary="Archive", request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return self._transition(services.task_archive)

    @extend_schema(summary="Unarchive: back to the state it had", request=None, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def unarchive(self, request, pk=None):
        return self._transition(services.task_unarchive)

    # --- Completions ---------------------------------------------------------------

    def _completion_response(self, completion, task) -> Response:
        body = CompleteResponseSerializer(
            {"completion": completion, "task": task}, context=self.get_serializer_context()
        )
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Complete",
        description=(
            "Records a completion and moves the task on (one-time: completed; recurring: next due date). "
            "A second completion of the same task within a few seconds is refused with 409 `conflict` "
            "(two phones, one job). Send JSON, or multipart with up to 10 `photos`; a rejected photo "
            "(413, 415) records nothing."
        ),
        request={"application/json": CompleteSerializer, "multipart/form-data": CompleteSerializer},
        responses={201: CompleteResponseSerializer},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        task = self.get_object()
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        photos = data.validated_data.pop("photos", [])
        # One transaction for the completion and its photos: a rejected photo leaves no completion
        # behind, and a rolled-back completion leaves no photo file.
        with atomic_with_files():
            completion, task = services.task_complete(task=task, user=request.user, **data.validated_data)
            for photo in photos:
                media_create(
                    residence=task.residence, user=request.user, upload=photo, task=task, completion=completion
                )
        return self._completion_response(completion, task)

    @extend_schema(summary="Complete now, with no details", request=None, responses={201: CompleteResponseSerializer})
    @action(detail=True, methods=["post"], url_path="quick-complete")
    def quick_complete(self, request, pk=None):
        completion, task = services.task_quick_complete(task=self.get_object(), user=request.user)
        return self._completion_response(completion, task)

    @extend_schema(
        summary="Completion history, newest first",
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, OpenApiParameter.QUERY),
            OpenApiParameter("page_size", OpenApiTypes.INT, OpenApiParameter.QUERY),
        ],
        responses={200: PaginatedCompletionListSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=CompletionSerializer)
    def completions(self, request, pk=None):
        task = self.get_object()
        queryset = task.completions.order_by("-completed_at", "-id")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(CompletionSerializer(page, many=True).data)


class CompletionDetailView(APIView):
    """DELETE undoes the latest completion of its task."""

    @extend_schema(
        summary="Undo a completion",
        description=(
            "Only the latest completion of its task; restores the task's due date and state from before it "
            "(409 `invalid_transition` otherwise, or while the task is archived)."
        ),
        responses={204: None},
    )
    def delete(self, request, pk: int):
        completion = get_object_or_404(selectors.completions_visible_to(request.user), pk=pk)
        services.completion_undo(completion=completion, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResidenceSummaryView(APIView):
    """Board counts and this year's completion costs of one residence."""

    @extend_schema(
        summary="Residence summary",
        description=(
            "Task counts per board column (for your local date, due_soon = next 30 days) and completion cost "
            "totals for your local calendar year, overall and by task category."
        ),
        parameters=[OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: ResidenceSummarySerializer},
    )
    def get(self, request, pk: int):
        residence = get_object_or_404(Residence.objects.filter(pk__in=residence_ids_for(request.user)), pk=pk)
        summary = selectors.residence_summary(
            residence, today=request.user.local_today(), tzinfo=request.user.tzinfo, days=rules.DEFAULT_BOARD_DAYS
        )
        return Response(ResidenceSummarySerializer(summary).data)
