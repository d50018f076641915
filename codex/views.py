"""The codex as a document over the API: versions listed, exported as a spreadsheet or YAML,
imported as a new draft, compared with the published version, and published."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.constants import Role
from api.errors import DomainError, NotFoundError
from api.params import MAX_ID, parse_id
from codex import selectors, services
from codex.document import export_document
from codex.formats import write_xlsx, write_yaml
from codex.handbook import content_hash, render_handbook_pdf
from codex.importing import codex_import
from codex.serializers import (
    CodexChangesSerializer,
    CodexImportSerializer,
    CodexVersionDetailSerializer,
    CodexVersionSerializer,
    SignOffCreateSerializer,
    SignOffSerializer,
)
from organizations.models import Client

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml",
}


class ReadsCodex(BasePermission):
    """The agency, and the client's admins for their own codex."""

    message = gettext_lazy("The codex is read by the agency and the client's admins.")

    def has_permission(self, request, view) -> bool:
        return selectors.reads_codex(request.user)


class WritesCodex(BasePermission):
    """The agency's admins import and publish codex versions."""

    message = gettext_lazy("Only the agency's admins do this.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role == Role.AGENCY_ADMIN)


def _version(request, pk: int):
    return get_object_or_404(selectors.codex_versions_visible(request.user), pk=pk)


def _changes(version) -> dict:
    against, changes = selectors.codex_changes(version)
    return {
        "version": version,
        "against": against,
        "changes": [change.__dict__ for change in changes],
    }


class CodexVersionListView(generics.ListAPIView):
    """The codex versions you may read, newest first per client. Import a new draft with
    ``POST /codex/imports/``, compare it with ``changes/`` and publish it with ``publish/``."""

    permission_classes = [IsAuthenticated, ReadsCodex]
    serializer_class = CodexVersionSerializer

    def get_queryset(self):
        queryset = selectors.codex_versions_visible(self.request.user).order_by(
            "client__name", "-number"
        )
        client = self.request.query_params.get("client")
        if client is not None:
            queryset = queryset.filter(client_id=parse_id(client, "client"))
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "client",
                {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                description="Only this client's versions.",
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CodexVersionDetailView(generics.RetrieveAPIView):
    """One codex version, and whether the client signed it off as it is now."""

    permission_classes = [IsAuthenticated, ReadsCodex]
    serializer_class = CodexVersionDetailSerializer

    def get_queryset(self):
        return selectors.codex_versions_visible(self.request.user)


class CodexExportView(APIView):
    """The whole version as a file: every phase, situation, step, checkpoint, norm, item,
    choice, persona and channel, each text in every language. Importing the file gives the same
    codex back."""

    permission_classes = [IsAuthenticated, ReadsCodex]

    @extend_schema(
        operation_id="v1_codex_versions_export_retrieve",
        parameters=[
            OpenApiParameter(
                "extension",
                str,
                OpenApiParameter.PATH,
                enum=["xlsx", "yaml"],
                description="xlsx: a spreadsheet, a sheet per kind, headings in your language "
                "(Accept-Language); yaml: one text file for version control.",
            )
        ],
        responses={
            (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
            # A YAML reader reads it as the codex document: a mapping of its parts.
            (200, CONTENT_TYPES["yaml"]): OpenApiTypes.OBJECT,
        },
    )
    def get(self, request, pk: int, extension: str):
        if extension not in CONTENT_TYPES:
            raise Http404  # export.xlsx and export.yaml are the files there are
        version = _version(request, pk)
        document = export_document(version)
        body = write_xlsx(document) if extension == "xlsx" else write_yaml(document)
        response = HttpResponse(body, content_type=CONTENT_TYPES[extension])
        filename = f"codex-{version.client.slug}-v{version.number}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@extend_schema(responses=CodexChangesSerializer)
class CodexChangesView(APIView):
    """What changed from the client's newest published version before this one, in words:
    rows added and removed, texts reworded (and in which languages), values changed (a norm's
    target, an item's weight). Empty for a client's first version."""

    permission_classes = [IsAuthenticated, ReadsCodex]

    def get(self, request, pk: int):
        return Response(CodexChangesSerializer(_changes(_version(request, pk))).data)


@extend_schema(request=None, responses=CodexVersionSerializer)
class CodexPublishView(APIView):
    """Publish a draft: it is frozen, and its checklists (one per situation and channel) are
    built from its items and become what phones download. 409 when it is published already;
    400 listing every reason it cannot be published."""

    permission_classes = [IsAuthenticated, WritesCodex]

    def post(self, request, pk: int):
        version = services.codex_version_publish(version=_version(request, pk))
        return Response(CodexVersionSerializer(version).data)


@extend_schema(
    request={"multipart/form-data": CodexImportSerializer},
    responses={201: CodexChangesSerializer},
)
class CodexImportView(APIView):
    """Import a codex file (a spreadsheet as exported, or YAML) as the client's next draft
    version. Everything is checked before anything is written: a file with problems is refused
    whole, with every problem in one answer, each at its place (``attr`` is
    ``sheet.row.column``; ``detail`` says it in your language). The answer lists what the
    draft changes from the published version."""

    permission_classes = [IsAuthenticated, WritesCodex]
    parser_classes = [MultiPartParser]

    def post(self, request):
        body = CodexImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        client = Client.objects.filter(pk=body.validated_data["client"]).first()
        if client is None:
            raise NotFoundError(_("There is no such client."), attr="client")
        content = body.validated_data["file"].read()
        version = codex_import(client=client, content=content)
        return Response(
            CodexChangesSerializer(_changes(version)).data, status=status.HTTP_201_CREATED
        )


LANGUAGE = OpenApiParameter(
    "language",
    str,
    enum=["en", "fi", "hu"],
    description="The handbook's language (default: your request's, from Accept-Language).",
)


def _language(request) -> str:
    language = request.query_params.get("language") or translation.get_language() or "en"
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Give the language as en, fi or hu."), code="invalid", attr="language")
    return language


class CodexHandbookView(APIView):
    """The version's handbook as a PDF, for the client's staff to train from: per situation its
    process, each step with its goal and effect, the checkpoints, and the rules of behaviour
    with their targets and where each comes from. Nothing of the audit method (personas,
    questions) is in it."""

    permission_classes = [IsAuthenticated, ReadsCodex]

    @extend_schema(
        operation_id="v1_codex_versions_handbook_retrieve",
        parameters=[LANGUAGE],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk: int):
        version = _version(request, pk)
        language = _language(request)
        response = HttpResponse(
            render_handbook_pdf(version, language), content_type="application/pdf"
        )
        filename = f"codex-{version.client.slug}-v{version.number}-{language}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class SignsOff(BasePermission):
    message = gettext_lazy("The client's admins sign off its codex.")

    def has_permission(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return request.user.role == Role.CLIENT_ADMIN


class CodexSignOffListView(APIView):
    """The version's sign-offs, newest first: who, when, in which language they read the
    handbook, their comment, and whether the version is still as they signed it. A client admin
    signs off with POST (re-signing is needed when a draft changes after its sign-off; a client
    can require a sign-off before a version is published)."""

    permission_classes = [IsAuthenticated, ReadsCodex, SignsOff]

    @extend_schema(responses=SignOffSerializer(many=True))
    def get(self, request, pk: int):
        version = _version(request, pk)
        sign_offs = version.sign_offs.select_related("signed_by")
        context = {"content_hash": content_hash(version)}
        return Response(SignOffSerializer(sign_offs, many=True, context=context).data)

    @extend_schema(request=SignOffCreateSerializer, responses={201: SignOffSerializer})
    def post(self, request, pk: int):
        version = _version(request, pk)
        body = SignOffCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sign_off = services.codex_sign_off(
            version=version,
            user=request.user,
            comment=body.validated_data["comment"],
            language=body.validated_data.get("language") or _language(request),
        )
        return Response(
            SignOffSerializer(sign_off, context={"content_hash": sign_off.content_hash}).data,
            status=status.HTTP_201_CREATED,
        )
