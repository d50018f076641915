from django.core.cache import cache
from django.db.models import F
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from api.filters import FilterSet, IdFilter, TextFilter
from api.views import ScopedQuerysetMixin
from checklists import selectors
from checklists.models import Checklist, ChecklistVersion
from checklists.serializers import ChecklistDocumentSerializer, ChecklistSummarySerializer

DOCUMENT_CACHE_SECONDS = 60 * 60 * 24

ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    str,
    OpenApiParameter.HEADER,
    description="en, fi or hu; texts missing in that language fall back to English.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", str, OpenApiParameter.HEADER, description="The ETag of the copy you hold."
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 304],
    description="This version's document in this language: send it as `If-None-Match`.",
)


class ChecklistFilter(FilterSet):
    # A plain number, not a choice among all clients: an unknown client and another's both give
    # an empty list, so the filter tells nobody which client ids exist.
    client = IdFilter(field_name="client_id")
    situation_key = TextFilter()
    channel = TextFilter()

    class Meta:
        model = Checklist
        fields = ["channel", "situation_key", "client"]


class ChecklistListView(ScopedQuerysetMixin, generics.ListAPIView):
    """The checklists you may use, each with the version your phone should hold."""

    selector = selectors.checklist_list
    serializer_class = ChecklistSummarySerializer
    filterset_class = ChecklistFilter

    @extend_schema(parameters=[ACCEPT_LANGUAGE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ChecklistDocumentView(ScopedQuerysetMixin, generics.RetrieveAPIView):
    """Base for the two document endpoints: conditional GET on an immutable published version."""

    selector = selectors.checklist_version_queryset
    serializer_class = ChecklistDocumentSerializer
    queryset = ChecklistVersion.objects.none()  # for the schema; the selector does the reading
    cache_control: dict = {}

    def retrieve(self, request, *args, **kwargs):
        version = self.get_object()
        language = translation.get_language() or "en"
        # Only a published version is frozen; a draft (which only agency staff preview) may
        # change at any moment, so it is never cached.
        etag = selectors.checklist_version_etag(version, language) if version.is_published else None
        if etag and etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        elif etag:
            # A published version never changes, so its document is rendered once per language.
            data = cache.get_or_set(
                f"checklist-document:{version.pk}:{etag}",
                lambda: self.render(version, language),
                timeout=DOCUMENT_CACHE_SECONDS,
            )
            response = Response(data)
        else:
            response = Response(self.render(version, language))
        if etag:
            response["ETag"] = etag
            patch_cache_control(response, **self.cache_control)
        else:
            patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        return response

    def render(self, version: ChecklistVersion, language: str) -> dict:
        document = selectors.checklist_document(version=version)
        return self.get_serializer(document, context={"language": language}).data

    def get_serializer(self, *args, **kwargs):
        context = {**self.get_serializer_context(), **kwargs.pop("context", {})}
        return self.serializer_class(*args, context=context, **kwargs)


@extend_schema(
    parameters=[ACCEPT_LANGUAGE, IF_NONE_MATCH, ETAG],
    responses={200: ChecklistDocumentSerializer, 304: OpenApiResponse(description="Unchanged.")},
)
class CurrentChecklistView(ChecklistDocumentView):
    """A checklist's current published version in full. Revalidate with ``If-None-Match``: the
    ETag changes when a new version is published, and an unchanged copy costs a 304."""

    cache_control = {"private": True, "no_cache": True}

    def get_object(self):
        queryset = self.get_queryset().filter(checklist__current_version_id=F("id"))
        return generics.get_object_or_404(queryset, checklist_id=self.kwargs["pk"])


@extend_schema(
    parameters=[ACCEPT_LANGUAGE, IF_NONE_MATCH, ETAG],
    responses={200: ChecklistDocumentSerializer, 304: OpenApiResponse(description="Unchanged.")},
)
class ChecklistVersionView(ChecklistDocumentView):
    """One checklist version in full, as an audit pinned to it was done. Published versions never
    change, so a phone may keep this for a long time."""

    cache_control = {"private": True, "max_age": 60 * 60 * 24 * 365, "immutable": True}
