"""The client's portal: pages for regional managers and client admins (and the agency), showing
the figures the API shows, computed by the same functions (``scoring.figures``) behind the same
gate (``visible_to``): another region's location is a 404 page. Server-rendered, in the reader's
language, with no resource from the internet."""

from __future__ import annotations

import base64

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView
from rest_framework.exceptions import ValidationError

from accounts.constants import Role
from actions.models import ActionStatus
from actions.selectors import actions_visible, overdue, with_figures
from actions.services import action_open, action_update
from api.errors import DomainError
from api.params import MAX_ID, parse_flag
from api.throttling import (
    LoginThrottle,
    address_of,
    login_failed,
    login_locked_for,
    login_succeeded,
)
from audits.selectors import appeals_visible
from audits.services import appeal_open
from codex.handbook import content_hash, render_handbook_pdf
from codex.selectors import (
    Names,
    codex_changes,
    codex_choices,
    codex_names,
    codex_versions_visible,
    reads_codex,
)
from codex.services import codex_sign_off
from notifications.models import EventKind
from notifications.selectors import endpoints_visible, latest_deliveries
from notifications.services import email_events, email_events_set, endpoint_create, endpoint_update
from organizations.models import Region
from organizations.selectors import location_lite_for, region_for, regions_visible
from portal.templatetags.portal import percent
from reports.jobs import export_job_request, report_job_request
from reports.models import JobKind
from reports.selectors import (
    EXPORT_PARAMS,
    audit_report,
    export_scores,
    jobs_visible,
    report_audits,
)
from reports.serializers import JobRequestSerializer
from reports.views import CONTENT_TYPES as EXTENSIONS
from reports.views import DATASETS
from scoring import figures, selectors
from scoring.cache import CSRF_INSERTED, FIGURES_READER, cached_fragment
from scoring.filters import NAMES, filters_from
from scoring.selectors import parse_period
from scoring.stats import MIN_AUDITS


class SignInView(auth_views.LoginView):
    """Sign-in with a session, under the API login's throttle (per address), lockout (per
    username and address, after failed attempts) and ceiling (per username)."""

    template_name = "portal/sign_in.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        throttle = LoginThrottle()
        username = request.POST.get("username", "")
        address = address_of(request)
        if (
            not throttle.allow_request(request, self)
            or login_locked_for(username, address) is not None
        ):
            form = self.get_form()
            return self.render_to_response(
                self.get_context_data(
                    form=form, refused=_("Too many sign-in attempts; try again later.")
                ),
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_failed(self.request.POST.get("username", ""), address_of(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        login_succeeded(form.get_user().get_username(), address_of(self.request))
        return super().form_valid(form)


class SignOutView(auth_views.LogoutView):
    next_page = "portal:sign-in"


class ReaderMixin(LoginRequiredMixin):
    """The portal's readers: the client's people and the agency. An auditor is refused (403),
    whatever is asked, as the API refuses them results."""

    login_url = "portal:sign-in"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (user.is_agency or user.is_client_side):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def query(self) -> dict[str, str]:
        """The filters asked for, as the API's query parameters: a form's empty field is no
        filter (the API refuses an empty value)."""
        return {name: value for name, value in self.request.GET.items() if value and name in NAMES}

    def filters(self):
        try:
            return filters_from(self.query())
        except DomainError as error:
            self.filter_error = error.message
            return filters_from({})


def bar(estimate) -> dict | None:
    """Where a mean and its interval sit on a 0-100% bar."""
    if estimate.mean is None:
        return None
    return {
        "mean": round(estimate.mean * 100, 1),
        "low": round((estimate.low or 0) * 100, 1),
        "width": round(((estimate.high or 0) - (estimate.low or 0)) * 100, 1),
    }


class HomeView(ReaderMixin, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        regions = regions_visible(user=self.request.user).select_related("client")
        late = with_figures(overdue(actions_visible(user=self.request.user)))
        names = codex_names(get_language(), client_id=self.request.user.client_id)
        return super().get_context_data(regions=list(regions), overdue=late, names=names, **kwargs)


# Stands for the reader's CSRF token in a page kept in the cache; replaced on the way out.
CSRF_SENTINEL = "csrf-token-of-this-request"


class LeaderboardView(ReaderMixin, View):
    """A region's locations ranked, each with its interval drawn as a bar, in tiers the data
    cannot tell apart. The whole page is kept like the API's figures (``cached_fragment``),
    with the reader's CSRF token put in on the way out."""

    warm_figures = True  # answered again by scoring.middleware while unchanged

    def get(self, request, pk):
        filters = self.filters()

        def render() -> str:
            region, names, sums = selectors.region_with_sums(request.user, pk, filters)
            rows = figures.ranked(sums, names).rows
            query = urlencode(self.query())
            context = {
                "region": region,
                "region_scope": f"region={region.pk}",
                "board": board_rows(rows, query),
                "query": query,
                "choices": filter_choices(request.user),
                "tiers": len({row.tier for row in rows}),
                "empty": not rows,
                "filter_error": getattr(self, "filter_error", None),
                "user": request.user,
                "request": request,
                "csrf_token": CSRF_SENTINEL,
            }
            return render_to_string("portal/leaderboard.html", context)

        token = get_token(request)
        response = HttpResponse(cached_fragment(request, render).replace(CSRF_SENTINEL, token))
        # For scoring.middleware, which answers the next reload with this page and a new token.
        setattr(response, FIGURES_READER, request.user.pk)
        setattr(response, CSRF_INSERTED, token)
        return response


def board_rows(rows, query: str) -> str:
    """A leaderboard's rows as HTML, built as strings: a hundred rows through the template
    engine, or through ``format_html`` and ``reverse`` a hundred times each, took longer than
    computing the figures. Names and texts are escaped; the rest are numbers."""
    few = escape(_("Too few audits to judge by"))
    none = escape(_("no audits"))
    pick = escape(_("Compare"))
    label = _("%(mean)s%%, interval from %(low)s%%")
    separator = get_format("DECIMAL_SEPARATOR")
    base = reverse("portal:location", args=[1])[: -len("1/")]
    suffix = escape(f"?{query}") if query else ""
    lines = []
    for row in rows:
        estimate = row.estimate
        place = bar(estimate)
        if place is None:
            shown = f'<span class="muted">{none}</span>'
        else:
            mean, low = f"{place['mean']:.1f}", f"{place['low']:.1f}"
            text = escape(
                label % {"mean": mean.replace(".", separator), "low": low.replace(".", separator)}
            )
            shown = (
                f'<div class="bar" role="img" aria-label="{text}"><span class="interval" '
                f'style="left: {low}%; width: {place["width"]:.1f}%"></span>'
                f'<span class="mean" style="left: {mean}%"></span></div>'
            )
        mark = f' <abbr title="{few}">!</abbr>' if estimate.n < MIN_AUDITS else ""
        name = escape(row.name)
        lines.append(
            f'<tr class="tier-{"even" if row.tier % 2 == 0 else "odd"}"><td>'
            f'<input type="checkbox" name="locations" value="{row.location_id}" form="compare" '
            f'aria-label="{pick} {name}"></td><td>{row.rank}</td>'
            f'<td>{row.tier}</td><td><a href="{base}{row.location_id}/{suffix}">'
            f"{name}</a></td><td>{estimate.n}{mark}</td>"
            f'<td>{percent(estimate.mean)}</td><td class="wide">{shown}</td></tr>'
        )
    return mark_safe("\n".join(lines))


class ActionForm(forms.Form):
    """Open an action on a norm of this location: what will change, who owns it, by when."""

    norm = forms.SlugField(label=_lazy("Norm"), max_length=64)
    what = forms.CharField(
        label=_lazy("What will change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.CharField(label=_lazy("Owner"), max_length=200)
    due_on = forms.DateField(
        label=_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )


def filter_choices(user) -> dict:
    """What the filter form offers: the situations, personas and channels of the reader's
    clients' codices (``codex_choices``, cached until a version is published), in the reader's
    language."""
    return codex_choices(user.client_id, get_language() or "en")


class FiguresPage(ReaderMixin, TemplateView):
    """A page of figures under the filter form."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=urlencode(self.query()),
            choices=filter_choices(self.request.user),
            filter_error=getattr(self, "filter_error", None),
            **kwargs,
        )


# A location page lists its latest visits, this many at most (the export has them all).
VISITS_SHOWN = 20


class LocationView(FiguresPage):
    """A location's scorecard: its score, phases and norms with intervals, and the trend over
    the last periods."""

    template_name = "portal/location.html"

    def get_context_data(self, **kwargs):
        location, ref = location_lite_for(self.request.user, kwargs["pk"])
        filters = self.filters()
        card = figures.scorecard(user=self.request.user, location=location, filters=filters)
        actions = with_figures(actions_visible(user=self.request.user).filter(location=location))
        trend = []
        if filters.period is not None:

            def here(period):
                return selectors.scores(
                    user=self.request.user, filters=filters, period=period
                ).filter(location_id=location.pk)

            trend = [
                (label, estimate, bar(estimate))
                for label, estimate in figures.trend(here, filters.period)
            ]
        visits = (
            selectors.scores(user=self.request.user, filters=filters)
            .filter(location_id=location.pk)
            .order_by("-visited_at")
            .values("audit_id", "visited_on", "total", "failed", "situation", "channel")
        )
        return super().get_context_data(
            visits=visits[:VISITS_SHOWN],
            location_scope=f"location={location.pk}",
            trend=trend,
            names=codex_names(get_language(), location_id=location.pk),
            actions=actions,
            action_form=kwargs.pop("action_form", None) or ActionForm(),
            missed=[norm for norm in card.norms if not norm.meets_target],
            location=ref,
            card=card,
            score_bar=bar(card.overall.estimate),
            phases=[(phase, bar(phase.estimate)) for phase in card.phases],
            expected=any(phase.expectations for phase in card.phases),
            norms=card.norms,
            filters=filters,
            period=self.request.GET.get("period", ""),
            few=card.overall.estimate.n < MIN_AUDITS,
            **kwargs,
        )


class ActionOpenView(LocationView):
    """The location page's form: open an action on a missed norm (errors shown on the page)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = ActionForm(request.POST)
        if form.is_valid():
            try:
                action_open(user=request.user, location_id=pk, **form.cleaned_data)
            except DomainError as error:
                form.add_error("what" if error.attr == "norm" else None, error.message)
            else:
                return redirect(reverse("portal:location", args=[pk]) + "#actions")
        context = self.get_context_data(pk=pk, action_form=form)
        return self.render_to_response(context, status=400)


class ActionChangeView(ReaderMixin, View):
    """Mark an action done or dropped (or open again) from the location page."""

    def post(self, request, pk):
        action = get_object_or_404(actions_visible(user=request.user), pk=pk)
        status = request.POST.get("status")
        if status in ActionStatus.values:
            action_update(action=action, status=status)
        return redirect(reverse("portal:location", args=[action.location_id]) + "#actions")


# A side-by-side table stays readable on a phone up to this many locations.
MOST_COMPARED = 8


class CompareView(FiguresPage):
    """Chosen locations side by side: the score, each phase and each norm, with the number of
    audits and the interval. The locations come from the leaderboard's tick boxes."""

    template_name = "portal/compare.html"

    def get_context_data(self, **kwargs):
        filters = self.filters()
        ids, error = self.location_ids()
        rows, names = [], Names()
        if ids:
            refs, sums = selectors.locations_with_sums(self.request.user, ids, filters)
            if set(ids) - set(refs):
                raise Http404
            scores = selectors.scores(user=self.request.user, filters=filters).filter(
                location_id__in=ids
            )
            rows = figures.compare(scores, ids, sums)
            names = codex_names(get_language(), location_id=ids[0])
        locations = [refs[row.location_id] for row in rows] if rows else []
        phase_keys = list(dict.fromkeys(key for row in rows for key in row.phases))
        norm_keys = sorted({key for row in rows for key in row.norms})
        return super().get_context_data(
            columns=locations,
            score_row=[(row.estimate, bar(row.estimate)) for row in rows],
            phase_rows=[
                (names.phases.get(key, key), [row.phases.get(key) for row in rows])
                for key in phase_keys
            ],
            norm_rows=[
                (names.norms.get(key, key), [row.norms.get(key) for row in rows])
                for key in norm_keys
            ],
            ids_error=error,
            **kwargs,
        )

    def location_ids(self) -> tuple[list[int], str | None]:
        """The ticked locations (``locations`` repeated, or comma-separated as in the API)."""
        parts = [
            part for value in self.request.GET.getlist("locations") for part in value.split(",")
        ]
        if not parts:
            return [], _("Tick the locations to compare on the leaderboard.")
        if not all(part.isdigit() and 0 < int(part) <= MAX_ID for part in parts):
            return [], _("Give locations by their ids.")
        ids = list(dict.fromkeys(int(part) for part in parts))
        if len(ids) > MOST_COMPARED:
            return [], ngettext(
                "Compare at most %(count)d location at a time.",
                "Compare at most %(count)d locations at a time.",
                MOST_COMPARED,
            ) % {"count": MOST_COMPARED}
        return ids, None


class RegionFiguresPage(FiguresPage):
    """A page of one region's figures (404 for a region the reader may not see)."""

    def scores(self):
        self.region = region_for(self.request.user, self.kwargs["pk"])
        return selectors.scores(user=self.request.user, filters=self.filters()).filter(
            region=self.region
        )

    def get_context_data(self, **kwargs):
        scores = self.scores()
        return super().get_context_data(region=self.region, **self.figures(scores), **kwargs)


class MissedNormsView(RegionFiguresPage):
    """A region's norms, most often missed first, with the miss rate's interval and the
    target."""

    template_name = "portal/missed.html"

    def figures(self, scores) -> dict:
        norms = figures.missed_norms(scores)
        return {
            "norms": [(norm, bar(norm.miss_rate)) for norm in norms],
            "names": codex_names(get_language(), client_id=self.region.client_id),
        }


class PersonaGapView(RegionFiguresPage):
    """Equal treatment in a region: each persona's score over the locations where all were
    played, and each one's gap to the first, with its interval."""

    template_name = "portal/personas.html"

    def figures(self, scores) -> dict:
        keys = [key for key in self.request.GET.get("personas", "").split(",") if key]
        gap = figures.persona_gap(scores, keys)
        names = dict(filter_choices(self.request.user)["personas"])
        return {
            "gap": gap,
            "persona_rows": [
                (names.get(key, key), estimate, bar(estimate)) for key, estimate in gap.personas
            ],
            "gap_rows": [
                (names.get(g.persona, g.persona), names.get(g.reference, g.reference), g)
                for g in gap.gaps
            ],
        }


class CompetitorsView(RegionFiguresPage):
    """A region's stores against its competitors' stores there: the mean score and each
    phase's, both sides with their interval, and the gap. No competitor store is named."""

    template_name = "portal/competitors.html"

    def figures(self, scores) -> dict:
        competitors = selectors.scores(
            user=self.request.user, filters=self.filters(), competitors=True
        ).filter(region=self.region)
        gap = figures.competitor_gap(scores, competitors)
        names = codex_names(get_language(), client_id=self.region.client_id)
        return {
            "gap": gap,
            "rows": [
                (_("All phases"), gap.overall, bar(gap.overall.own), bar(gap.overall.competitors)),
                *(
                    (
                        names.phases.get(phase, phase),
                        against,
                        bar(against.own),
                        bar(against.competitors),
                    )
                    for phase, against in gap.phases
                ),
            ],
        }


class AppealForm(forms.Form):
    """Dispute one item of an approved audit, with a reason."""

    item = forms.SlugField(max_length=64, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_lazy("Why the item is wrong"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VisitView(ReaderMixin, TemplateView):
    """The visit behind a figure: an approved audit's items, answers, comments, norms and
    photos, as its PDF shows them, and nothing that identifies the auditor. The client's
    people dispute an item here, and see their appeals' outcomes."""

    template_name = "portal/visit.html"

    def get_context_data(self, **kwargs):
        audit = get_object_or_404(report_audits(user=self.request.user), pk=kwargs["pk"])
        report = audit_report(audit=audit, language=get_language() or "en")
        appeals = appeals_visible(user=self.request.user).filter(audit=audit)
        by_item = {}
        for appeal in appeals:
            by_item.setdefault(appeal.item.key, []).append(appeal)
        form = kwargs.pop("appeal_form", None)
        phases = [
            (
                phase,
                [
                    (
                        item,
                        by_item.get(item.key, []),
                        form if form is not None and form["item"].value() == item.key else None,
                        [base64.b64encode(thumb).decode() for thumb in item.thumbnails],
                    )
                    for item in phase.items
                ],
            )
            for phase in report.phases
        ]
        keys = {item.key for phase in report.phases for item in phase.items}
        return super().get_context_data(
            # A form for an item the audit does not show: its errors go at the top.
            stray_form=form if form is not None and form["item"].value() not in keys else None,
            audit=audit,
            location_id=audit.assignment.location_id,
            report=report,
            phases=phases,
            appeals=list(appeals),
            may_appeal=self.request.user.is_client_side,
            **kwargs,
        )


class AppealOpenView(VisitView):
    """The visit page's form: dispute an item (errors shown beside it, in the reader's
    language)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        audit = get_object_or_404(report_audits(user=request.user), pk=pk)
        if not request.user.is_client_side:
            raise PermissionDenied
        form = AppealForm(request.POST)
        if form.is_valid():
            try:
                appeal_open(
                    audit=audit,
                    user=request.user,
                    item_key=form.cleaned_data["item"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_error("reason", error.message)
            else:
                return redirect(reverse("portal:visit", args=[pk]) + "#appeals")
        context = self.get_context_data(pk=pk, appeal_form=form)
        return self.render_to_response(context, status=400)


def refused(request, messages: list[str], back: str | None = None) -> HttpResponse:
    """A request the page cannot do as asked: the reasons, in the reader's language (400)."""
    context = {"reasons": messages, "back": back or reverse("portal:home")}
    return HttpResponse(
        render_to_string("portal/refused.html", context, request=request), status=400
    )


def reasons(errors: dict) -> list[str]:
    """A serializer's messages, flat."""
    return [str(message) for messages in errors.values() for message in messages]


class ExportView(ReaderMixin, View):
    """An export from a page: small ones are the API's download itself; a large one becomes a
    job, whose page shows its progress. A filter the export refuses is said on a page (400)."""

    def get(self, request, dataset, extension):
        if dataset not in DATASETS or extension not in EXTENSIONS:
            raise Http404
        params = {
            name: value for name, value in request.GET.items() if value and name in EXPORT_PARAMS
        }
        try:
            scores = export_scores(user=request.user, params=params)
            parse_flag(params.get("excel", "false"), "excel")
            if scores.count() <= settings.EXPORT_STREAM_MAX_AUDITS:
                url = reverse("export", args=[dataset, extension])
                return redirect(f"{url}?{urlencode(params)}" if params else url)
            job = export_job_request(
                user=request.user,
                dataset=dataset,
                extension=extension,
                query=params,
                language=get_language() or "en",
            )
        except DomainError as error:
            return refused(request, [str(error.message)])
        except ValidationError as error:
            return refused(request, reasons(error.detail))
        return redirect("portal:job", pk=job.pk)


class RegionPdfsView(ReaderMixin, View):
    """A region's period as a ZIP of its audits' PDFs: always a job."""

    def post(self, request, pk):
        region = region_for(request.user, pk)
        back = reverse("portal:leaderboard", args=[region.pk])
        body = JobRequestSerializer(
            data={
                "kind": JobKind.REGION_PDFS,
                "region": region.pk,
                "period": request.POST.get("period", ""),
            }
        )
        if not body.is_valid():
            return refused(request, reasons(body.errors), back)
        try:
            parse_period(body.validated_data["period"], None, None)
        except DomainError as error:
            return refused(request, [str(error.message)], back)
        job, _created = report_job_request(
            user=request.user,
            kind=JobKind.REGION_PDFS,
            params={"region": region.pk, "period": body.validated_data["period"]},
            language=get_language() or "en",
        )
        return redirect("portal:job", pk=job.pk)


class JobView(ReaderMixin, TemplateView):
    """A report job's page: its progress, updated by the page itself, and its download."""

    template_name = "portal/job.html"

    def get_context_data(self, **kwargs):
        job = get_object_or_404(jobs_visible(user=self.request.user), pk=kwargs["pk"])
        return super().get_context_data(job=job, title=job_title(job), **kwargs)


def job_title(job) -> str:
    """What a report job makes, as its page names it: the region's PDFs for a period, or an
    export by what it holds and its format."""
    if job.kind == JobKind.REGION_PDFS:
        region = Region.objects.filter(pk=job.params["region"]).values_list("name", flat=True)
        names = {"region": region.first() or "", "period": job.params.get("period") or ""}
        if names["period"]:
            return _("%(region)s: the visits' PDFs, %(period)s") % names
        return _("%(region)s: the visits' PDFs") % names
    audits = job.params.get("dataset") == "audits"
    if job.params.get("extension") == "xlsx":
        return _("Audits (Excel)") if audits else _("Answers (Excel)")
    return _("Audits (CSV)") if audits else _("Answers (CSV)")


class EndpointForm(forms.Form):
    """Register a webhook endpoint: its address and the events it is told of."""

    url = forms.CharField(label=_lazy("Address (https://)"), max_length=500)
    events = forms.MultipleChoiceField(
        label=_lazy("Events"), choices=EventKind.choices, widget=forms.CheckboxSelectMultiple
    )


class EmailForm(forms.Form):
    events = forms.MultipleChoiceField(
        label=_lazy("Tell me by e-mail when"),
        choices=EventKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


# The delivery log shows this many of an endpoint's latest deliveries (the API pages them all).
DELIVERIES_SHOWN = 10


class NotificationsView(ReaderMixin, TemplateView):
    """The reader's e-mail notifications; for a client admin, the client's webhook endpoints
    too, with the latest deliveries and their responses."""

    template_name = "portal/notifications.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_client_side:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        endpoints = list(endpoints_visible(user=user))
        logs = latest_deliveries(endpoints, DELIVERIES_SHOWN)
        return super().get_context_data(
            endpoints=[(endpoint, logs.get(endpoint.pk, [])) for endpoint in endpoints],
            may_manage=user.role == Role.CLIENT_ADMIN,
            endpoint_form=kwargs.pop("endpoint_form", None) or EndpointForm(),
            # Its own ids: the endpoint form on the page has an "events" field too.
            email_form=EmailForm(initial={"events": email_events(user)}, auto_id="email_%s"),
            event_names=dict(EventKind.choices),
            **kwargs,
        )

    def post(self, request):
        """The e-mail choices, a new endpoint, or an endpoint switched on, off or removed."""
        what = request.POST.get("form")
        if what == "email":
            form = EmailForm(request.POST)
            if form.is_valid():
                email_events_set(request.user, form.cleaned_data["events"])
            return redirect("portal:notifications")
        if request.user.role != Role.CLIENT_ADMIN:
            raise PermissionDenied
        if what == "endpoint":
            return self.endpoint_create()
        endpoint = get_object_or_404(
            endpoints_visible(user=request.user), pk=parse_id_or_404(request.POST.get("endpoint"))
        )
        if what == "delete":
            endpoint.delete()
        elif what == "switch":
            endpoint_update(endpoint=endpoint, active=not endpoint.active)
        return redirect("portal:notifications")

    def endpoint_create(self):
        form = EndpointForm(self.request.POST)
        if form.is_valid():
            try:
                endpoint = endpoint_create(user=self.request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error("url", error.message)
            else:
                context = self.get_context_data(secret=endpoint.secret, made=endpoint)
                return self.render_to_response(context, status=201)
        return self.render_to_response(self.get_context_data(endpoint_form=form), status=400)


def parse_id_or_404(value) -> int:
    if value is None or not value.isdigit() or not 0 < int(value) <= MAX_ID:
        raise Http404
    return int(value)


class SignOffForm(forms.Form):
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CodexView(ReaderMixin, TemplateView):
    """The client's codex as its handbook: each version with its handbook in every language,
    its sign-offs, and for a client admin the form to sign it off (again, when a draft changed
    after its sign-off)."""

    template_name = "portal/codex.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not reads_codex(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        may_sign = user.role == Role.CLIENT_ADMIN
        versions = []
        for version in codex_versions_visible(user).prefetch_related("sign_offs__signed_by"):
            current = content_hash(version)
            sign_offs = [
                (sign_off, sign_off.content_hash == current) for sign_off in version.sign_offs.all()
            ]
            versions.append(
                {
                    "version": version,
                    "sign_offs": sign_offs,
                    "signed_off": any(ok for _sign_off, ok in sign_offs),
                }
            )
        # What a client admin is asked to sign off: the newest version still waiting for it,
        # with what changed since the version before it.
        waiting = next((entry for entry in versions if not entry["signed_off"]), None)
        if may_sign and waiting is not None:
            waiting["against"], waiting["changes"] = codex_changes(waiting["version"])
        return super().get_context_data(
            versions=versions,
            languages=settings.LANGUAGES,
            may_sign=may_sign,
            form=kwargs.pop("form", None) or SignOffForm(),
            **kwargs,
        )

    def post(self, request, pk):
        version = get_object_or_404(codex_versions_visible(request.user), pk=pk)
        if request.user.role != Role.CLIENT_ADMIN:
            raise PermissionDenied
        form = SignOffForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        codex_sign_off(
            version=version,
            user=request.user,
            comment=form.cleaned_data["comment"],
            language=get_language() or "en",
        )
        return redirect(reverse("portal:codex") + f"#version-{version.pk}")


class CodexHandbookView(ReaderMixin, View):
    """A version's handbook as a PDF, in the language the link names."""

    def get(self, request, pk, language):
        if request.user.is_authenticated and not reads_codex(request.user):
            raise PermissionDenied
        if language not in dict(settings.LANGUAGES):
            raise Http404
        version = get_object_or_404(codex_versions_visible(request.user), pk=pk)
        response = HttpResponse(
            render_handbook_pdf(version, language), content_type="application/pdf"
        )
        filename = f"codex-{version.client.slug}-v{version.number}-{language}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
