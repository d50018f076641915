from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import DomainError
from api.params import parse_count, parse_number
from api.parsers import RequestTooLarge, content_length
from api.throttling import PhotoThrottle, SubmissionThrottle, uncount
from api.views import ScopedQuerysetMixin
from audits import selectors, services
from audits.models import Submission
from audits.permissions import IsAuditor, IsReviewer, ReadsResults
from audits.photos import check_photo_size
from audits.selectors import SyncCursor
from audits.serializers import (
    DECIDE_APPEAL_REQUEST,
    REJECT_REQUEST,
    AgencyAuditDetailSerializer,
    AgencyAuditSummarySerializer,
    AmendSerializer,
    AppealCountsSerializer,
    AppealDecideSerializer,
    AppealOpenSerializer,
    AppealSerializer,
    ApproveSerializer,
    AssignmentSerializer,
    AssignmentSyncSerializer,
    AuditDetailSerializer,
    AuditSummarySerializer,
    ClientPhotoSerializer,
    DeclineSerializer,
    FlagClearSerializer,
    FlagSerializer,
    FollowUpResultSerializer,
    FollowUpSerializer,
    HistoryEntrySerializer,
    PhotoReceiptSerializer,
    PhotoUploadSerializer,
    QueuedAuditSerializer,
    RejectResultSerializer,
    RejectSerializer,
    ReleaseSerializer,
    ReturnSerializer,
    RevisionDiffSerializer,
    SubmissionInputSerializer,
    SubmissionStatusSerializer,
)

SYNC_PAGE_SIZE = 200
MAX_REVISION = 10_000
# Room for a photo upload's form fields and multipart boundaries beside the file itself.
MULTIPART_OVERHEAD = 64 * 1024


class AssignmentSyncView(APIView):
    """Your assignments that changed since ``since`` (all of them without it), oldest change
    first. Keep ``next_cursor`` and send it as ``since`` next time; while ``has_more`` is true,
    ask again at once. A row may come twice: store by ``id``."""

    @extend_schema(
        operation_id="v1_assignments_sync",
        parameters=[
            OpenApiParameter("since", str, description="The `next_cursor` of your last sync."),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": SYNC_PAGE_SIZE},
                description=f"At most {SYNC_PAGE_SIZE}.",
            ),
        ],
        responses=AssignmentSyncSerializer,
    )
    def get(self, request):
        since = request.query_params.get("since")
        cursor = SyncCursor.decode(since) if since else None
        limit = parse_count(request.query_params.get("limit"), "limit", SYNC_PAGE_SIZE)
        rows, next_cursor, has_more = selectors.assignment_changes(
            user=request.user, since=cursor, limit=limit
        )
        return Response(
            AssignmentSyncSerializer(
                {
                    "results": rows,
                    "next_cursor": next_cursor.encode() if next_cursor else since,
                    "has_more": has_more,
                }
            ).data
        )


class AssignmentDetailView(ScopedQuerysetMixin, generics.RetrieveAPIView):
    """One of your assignments."""

    selector = selectors.assignments_for_sync
    serializer_class = AssignmentSerializer


class AssignmentRespondView(ScopedQuerysetMixin, generics.GenericAPIView):
    selector = selectors.assignments_for_sync
    serializer_class = AssignmentSerializer
    accept = True

    def post(self, request, pk):
        assignment = self.get_object()
        if not IsAuditor().has_permission(request, self):
            self.permission_denied(request, message=IsAuditor.message)
        reason = ""
        if not self.accept:
            body = DeclineSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            reason = body.validated_data["reason"]
        services.assignment_respond(
            assignment=assignment, user=request.user, accept=self.accept, reason=reason
        )
        return Response(AssignmentSerializer(self.get_object()).data)


@extend_schema(request=None, responses=AssignmentSerializer)
class AssignmentAcceptView(AssignmentRespondView):
    """Accept the assignment. Accepting twice is harmless."""

    accept = True


@extend_schema(request=DeclineSerializer, responses=AssignmentSerializer)
class AssignmentDeclineView(AssignmentRespondView):
    """Decline the assignment, optionally saying why."""

    accept = False


@extend_schema(request=None, responses=AssignmentSerializer)
class AssignmentNoContactView(ScopedQuerysetMixin, generics.GenericAPIView):
    """A follow-up contact (``first_visit`` set) whose window has passed with no contact from
    staff: report it so, and the first visit counts as never followed up. Harmless to repeat;
    409 ``window_still_open`` before the window ends, ``not_a_follow_up`` for any other
    assignment."""

    selector = selectors.assignments_for_sync
    serializer_class = AssignmentSerializer

    def post(self, request, pk):
        assignment = self.get_object()
        if not IsAuditor().has_permission(request, self):
            self.permission_denied(request, message=IsAuditor.message)
        services.follow_up_no_contact(assignment=assignment, user=request.user)
        return Response(AssignmentSerializer(self.get_object()).data)


def _submission_status(submission: Submission, created: bool = False) -> dict:
    """Where a submission stands. Just created, it has no photos yet and its missing ones were
    worked out while storing it, so nothing is read again."""
    if created:
        missing, photo_ids = submission.missing_photos, []
    else:
        missing, photo_ids = selectors.submission_photos(submission)
    return SubmissionStatusSerializer(
        submission, context={"missing_photos": missing, "photo_ids": photo_ids}
    ).data


class SubmissionCreateView(APIView):
    """Submit a visit. 201 when stored now; 200 with the same body when this id was already
    stored with the same content (a safe retry); 409 when the id was used for other content.
    Answers are checked against the assignment's pinned checklist version: 400 names every item
    that does not fit, and nothing is stored."""

    permission_classes = [IsAuthenticated, IsAuditor]
    throttle_classes = [SubmissionThrottle]

    @extend_schema(
        request=SubmissionInputSerializer,
        responses={201: SubmissionStatusSerializer, 200: SubmissionStatusSerializer},
    )
    def post(self, request):
        body = SubmissionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        submission, created = services.submission_create(user=request.user, data=body.to_input())
        if not created:
            uncount(request)  # a resend stores nothing, so it counts against no limit
        return Response(
            _submission_status(submission, created),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class SubmissionStatusView(APIView):
    """Where a submission stands and which photos are still missing: ask after a crash, then
    upload what is missing."""

    @extend_schema(responses=SubmissionStatusSerializer)
    def get(self, request, pk):
        submission = selectors.submission_for(user=request.user, submission_id=pk)
        if submission is None:
            raise Http404
        return Response(_submission_status(submission))


class PhotoUploadView(APIView):
    """Upload one photo for an item of a submission. Like submissions, idempotent by ``id``.
    The stored files carry no metadata; the capture time and any position are kept as fields."""

    permission_classes = [IsAuthenticated, IsAuditor]
    parser_classes = [MultiPartParser, FormParser]
    throttle_classes = [PhotoThrottle]

    @extend_schema(
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: PhotoReceiptSerializer, 200: PhotoReceiptSerializer},
    )
    def post(self, request):
        # Refused before the multipart parser spools a body far beyond any photo to disk.
        if content_length(request) > services.photo_limits().max_bytes + MULTIPART_OVERHEAD:
            raise RequestTooLarge(
                _("The upload is larger than a photo may be (%(limit)d bytes).")
                % {"limit": services.photo_limits().max_bytes}
            )
        body = PhotoUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        check_photo_size(upload.size, services.photo_limits())
        data = upload.read()
        photo, created = services.photo_upload(
            user=request.user,
            photo_id=body.validated_data["id"],
            submission_id=body.validated_data["submission"],
            item_key=body.validated_data["item"],
            data=data,
        )
        if not created:
            uncount(request)
        return Response(
            PhotoReceiptSerializer(photo).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class PhotoFileView(ScopedQuerysetMixin, generics.GenericAPIView):
    """A photo's display-size or thumbnail JPEG, for whoever may see its audit."""

    selector = selectors.photos_visible
    serializer_class = ClientPhotoSerializer
    variant = "display"

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        photo = self.get_object()
        file = getattr(photo, self.variant)
        return FileResponse(file.open("rb"), content_type="image/jpeg")


class PhotoThumbnailView(PhotoFileView):
    """A photo's thumbnail JPEG."""

    variant = "thumbnail"


class AuditViewMixin(ScopedQuerysetMixin):
    """Client-side people get serializers without any trace of the auditor."""

    agency_serializer = None
    client_serializer = None

    def get_serializer_class(self):
        user = self.request.user
        if user.is_authenticated and (user.is_agency or user.role == "auditor"):
            return self.agency_serializer
        return self.client_serializer


class AuditListView(AuditViewMixin, generics.ListAPIView):
    """Audits you may see: auditors their own, reviewers all, regional managers the approved
    audits of their regions, client admins the approved audits of their client."""

    selector = selectors.audits_visible
    agency_serializer = AgencyAuditSummarySerializer
    client_serializer = AuditSummarySerializer
    serializer_class = AuditSummarySerializer
    filterset_fields = ["status"]


class AuditDetailView(AuditViewMixin, generics.RetrieveAPIView):
    """One audit with its current answers and photos; for the agency also flags, review comments
    and revisions."""

    selector = selectors.audit_detail
    agency_serializer = AgencyAuditDetailSerializer
    client_serializer = AuditDetailSerializer
    serializer_class = AuditDetailSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "_audit", None) is not None:
            context["missing_photos"] = selectors.missing_photos(self._audit)
        return context

    def retrieve(self, request, *args, **kwargs):
        self._audit = self.get_object()
        return Response(self.get_serializer(self._audit).data)


class AuditReviewView(ScopedQuerysetMixin, generics.GenericAPIView):
    selector = selectors.audits_visible
    serializer_class = AgencyAuditSummarySerializer

    def reviewable(self):
        audit = self.get_object()
        if not IsReviewer().has_permission(self.request, self):
            self.permission_denied(self.request, message=IsReviewer.message)
        return audit


@extend_schema(request=ApproveSerializer, responses=AgencyAuditSummarySerializer)
class AuditApproveView(AuditReviewView):
    """Approve a submitted audit; it becomes final and visible to the client. Optionally grade
    the auditor's report (1 to 5) and leave a note for the review log."""

    def post(self, request, pk):
        audit = self.reviewable()
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        audit = services.audit_approve(
            audit=audit,
            reviewer=request.user,
            grade=body.validated_data["grade"],
            note=body.validated_data["note"],
        )
        return Response(AgencyAuditSummarySerializer(self.get_queryset().get(pk=audit.pk)).data)


@extend_schema(request=REJECT_REQUEST, responses=RejectResultSerializer)
class AuditRejectView(AuditReviewView):
    """Reject an audit under review (fabricated, wrong location, outside the window): it never
    counts and is final. Optionally offer its assignment again to an auditor of the client."""

    def post(self, request, pk):
        audit = self.reviewable()
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if data["reissue_to"] is not None:
            data["reissue_to"] = selectors.active_auditor(data["reissue_to"])
        audit, reissued = services.audit_reject(audit=audit, reviewer=request.user, **data)
        return Response(
            {
                "audit": AgencyAuditSummarySerializer(self.get_queryset().get(pk=audit.pk)).data,
                "reissued_assignment": reissued.pk if reissued else None,
            }
        )


@extend_schema(request=FollowUpSerializer, responses={201: FollowUpResultSerializer})
class AuditFollowUpView(AuditReviewView):
    """Give a visit its follow-up contact (a two-stage visit): staff were to get back to the
    customer the auditor played (a call-back, the reply to a written enquiry, a sales
    follow-up, a lead), and the same auditor records that contact with the chosen checklist,
    from the end of the visit until ``window_end``. The client's figures then show the hours
    between the two and whether staff got back as promised."""

    def post(self, request, pk):
        audit = self.reviewable()
        body = FollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        follow_up = services.follow_up_create(
            audit=audit,
            checklist_id=body.validated_data["checklist"],
            window_end=body.validated_data["window_end"],
            note=body.validated_data["note"],
        )
        return Response(
            {
                "assignment": follow_up.pk,
                "first_visit": follow_up.first_visit_id,
                "checklist_version": follow_up.checklist_version_id,
                "window_start": follow_up.window_start,
                "window_end": follow_up.window_end,
            },
            status=201,
        )


@extend_schema(request=ReleaseSerializer, responses=AgencyAuditSummarySerializer)
class AuditReleaseView(AuditReviewView):
    """Take a held audit into review: its assignment was cancelled or declined while the phone
    was offline, and you decide the visit should count. It continues as if it had come in on
    time (awaiting photos, or submitted). To not count it, reject it."""

    def post(self, request, pk):
        audit = self.reviewable()
        body = ReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        audit = services.audit_release(
            audit=audit, reviewer=request.user, note=body.validated_data["note"]
        )
        return Response(AgencyAuditSummarySerializer(self.get_queryset().get(pk=audit.pk)).data)


@extend_schema(responses=HistoryEntrySerializer(many=True))
class AuditHistoryView(AuditReviewView):
    """The audit's log, oldest first: every revision the auditor sent and every reviewer's
    action (approve with its grade, return, reject with its reason, clear a flag), who, when
    and why. For the agency's reviewers."""

    pagination_class = None  # an audit's log is short, and read whole

    def get(self, request, pk):
        history = selectors.audit_history(self.reviewable())
        return Response(HistoryEntrySerializer(history, many=True).data)


@extend_schema(request=ReturnSerializer, responses=AgencyAuditSummarySerializer)
class AuditReturnView(AuditReviewView):
    """Return a submitted audit to its auditor with comments, per item or on the whole; the
    auditor resubmits it as a new revision."""

    def post(self, request, pk):
        audit = self.reviewable()
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        notes = [
            services.ReviewNote(item_key=note["item"], comment=note["comment"])
            for note in body.validated_data["comments"]
        ]
        audit = services.audit_return(audit=audit, reviewer=request.user, notes=notes)
        return Response(AgencyAuditSummarySerializer(self.get_queryset().get(pk=audit.pk)).data)


@extend_schema(request=FlagClearSerializer, responses=FlagSerializer)
class FlagClearView(AuditReviewView):
    """Clear a plausibility flag you have checked, with a note saying why it is fine. Clearing it
    again is harmless; an approved audit is final (409). Flags never reach clients."""

    def post(self, request, pk, flag_id):
        audit = self.reviewable()
        body = FlagClearSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        flag = services.flag_clear(
            audit=audit, flag_id=flag_id, reviewer=request.user, note=body.validated_data["note"]
        )
        return Response(FlagSerializer(flag).data)


# --- a reviewer's edits and the client's appeals ----------------------------------------------


@extend_schema(request=AmendSerializer, responses=AgencyAuditSummarySerializer)
class AuditAmendView(AuditReviewView):
    """Edit answers of a submitted or approved audit, with a reason: a new revision (the old
    ones are kept, and ``/diff/`` shows what changed). An approved audit is scored again."""

    def post(self, request, pk):
        audit = self.reviewable()
        body = AmendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.audit_amend(
            audit=audit,
            reviewer=request.user,
            answers=body.validated_data["answers"],
            reason=body.validated_data["reason"],
        )
        return Response(AgencyAuditSummarySerializer(self.get_queryset().get(pk=audit.pk)).data)


REVISION_PARAMETERS = [
    OpenApiParameter(
        name,
        {"type": "integer", "minimum": 1, "maximum": MAX_REVISION},
        required=True,
        description=text,
    )
    for name, text in (
        ("base", "The earlier revision's number."),
        ("head", "The later revision's number."),
    )
]


@extend_schema(parameters=REVISION_PARAMETERS, responses=RevisionDiffSerializer)
class AuditDiffView(AuditReviewView):
    """The answers that differ between two revisions of an audit (the auditor's resubmission,
    or a reviewer's amendment), each before and after. For the agency's reviewers."""

    def get(self, request, pk):
        audit = self.reviewable()
        base, head = (
            parse_number(request.query_params.get(name), name, MAX_REVISION)
            for name in ("base", "head")
        )
        changes = selectors.revision_diff(audit, base, head)
        return Response(
            RevisionDiffSerializer({"base": base, "head": head, "changes": changes}).data
        )


class AuditAppealsView(ScopedQuerysetMixin, generics.GenericAPIView):
    """An approved audit's appeals, with their outcomes (for the agency and the client's
    people who see the audit), and where a client admin or regional manager disputes one of
    its items, with a reason, within the client's appeal days (409 after)."""

    selector = selectors.audits_visible
    serializer_class = AppealSerializer
    permission_classes = [IsAuthenticated, ReadsResults]
    pagination_class = None  # an audit's appeals are few, and read whole

    @extend_schema(responses=AppealSerializer(many=True))
    def get(self, request, pk):
        audit = self.get_object()
        appeals = selectors.appeals_visible(user=request.user).filter(audit=audit)
        return Response(AppealSerializer(appeals, many=True).data)

    @extend_schema(request=AppealOpenSerializer, responses={201: AppealSerializer})
    def post(self, request, pk):
        if not request.user.is_client_side:
            self.permission_denied(
                request, message=_("The client's admins and regional managers appeal.")
            )
        audit = self.get_object()
        body = AppealOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        appeal = services.appeal_open(
            audit=audit,
            user=request.user,
            item_key=body.validated_data["item"],
            reason=body.validated_data["reason"],
        )
        return Response(
            AppealSerializer(selectors.appeals_visible(user=request.user).get(pk=appeal.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class AppealListView(ScopedQuerysetMixin, generics.ListAPIView):
    """Appeals you may see, oldest first: the agency's reviewers all (``status=open`` is their
    queue), the client's people those of their audits, with the outcome."""

    selector = selectors.appeals_visible
    serializer_class = AppealSerializer
    permission_classes = [IsAuthenticated, ReadsResults]
    filterset_fields = ["status"]


class AppealDetailView(ScopedQuerysetMixin, generics.RetrieveAPIView):
    """One appeal and its outcome."""

    selector = selectors.appeals_visible
    serializer_class = AppealSerializer
    permission_classes = [IsAuthenticated, ReadsResults]


@extend_schema(request=DECIDE_APPEAL_REQUEST, responses=AppealSerializer)
class AppealDecideView(ScopedQuerysetMixin, generics.GenericAPIView):
    """Decide an open appeal, with a note the client reads: dismiss it (the audit stands) or
    uphold it with the item's answer as it should have been (a new revision, scored again: the
    figures move by this amendment only)."""

    selector = selectors.appeals_visible
    serializer_class = AppealSerializer
    permission_classes = [IsAuthenticated, ReadsResults]

    def post(self, request, pk):
        appeal = self.get_object()
        if not IsReviewer().has_permission(request, self):
            self.permission_denied(request, message=IsReviewer.message)
        body = AppealDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        appeal = services.appeal_decide(appeal=appeal, reviewer=request.user, **body.validated_data)
        return Response(AppealSerializer(self.get_queryset().get(pk=appeal.pk)).data)


class AppealReportView(APIView):
    """Appeals per location or per auditor, for the agency: how many, open, dismissed and
    upheld, and the upheld share with its interval. An auditor with many upheld appeals needs
    coaching."""

    permission_classes = [IsAuthenticated, IsReviewer]

    @extend_schema(
        parameters=[
            OpenApiParameter("by", str, enum=["location", "auditor"], required=True),
        ],
        responses=AppealCountsSerializer(many=True),
    )
    def get(self, request):
        by = request.query_params.get("by")
        if by not in ("location", "auditor"):
            raise DomainError(_("Give by=location or by=auditor."), code="invalid", attr="by")
        rows = selectors.appeal_counts(by=by)
        for row in rows:
            rate = row["upheld_rate"]
            row["upheld_rate"] = {
                "decided": rate.n,
                "rate": rate.mean,
                "low": rate.low,
                "high": rate.high,
            }
        return Response(AppealCountsSerializer(rows, many=True).data)


QUEUE_SIZE = 100


@extend_schema(
    parameters=[
        OpenApiParameter(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": 500},
            description=f"How many to send, 1 to 500; {QUEUE_SIZE} when not given.",
        )
    ],
    responses=QueuedAuditSerializer(many=True),
)
class ReviewQueueView(ScopedQuerysetMixin, generics.GenericAPIView):
    """What waits for the agency's reviewers, in the order to take it: held visits first,
    then audits with open plausibility flags (most first), then by age (oldest first); audits
    still waiting for photos last."""

    selector = selectors.review_queue
    serializer_class = QueuedAuditSerializer
    permission_classes = [IsAuthenticated, IsReviewer]
    pagination_class = None  # the head of the queue, not pages of it

    def get(self, request):
        limit = parse_count(request.query_params.get("limit", str(QUEUE_SIZE)), "limit", 500)
        return Response(QueuedAuditSerializer(self.get_queryset()[:limit], many=True).data)
