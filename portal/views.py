"""The client's portal: pages for regional managers and client admins (and the agency), showing
the figures the API shows, computed by the same functions (``scoring.figures``) behind the same
gate (``visible_to``): another region's location is a 404 page. Server-rendered, in the reader's
language, with no resource from the internet."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from actions.models import ActionStatus
from actions.selectors import actions_visible, overdue, with_figures
from actions.services import action_open, action_update
from api.errors import DomainError
from api.throttling import LoginThrottle, login_failed, login_locked_for
from codex.models import Phase
from organizations.selectors import location_lite_for, regions_visible
from portal.templatetags.portal import percent
from scoring import figures, selectors
from scoring.cache import cached_fragment
from scoring.filters import filters_from
from scoring.stats import MIN_AUDITS


class SignInView(auth_views.LoginView):
    """Sign-in with a session, under the API login's throttle (per address) and lockout (per
    username, after failed attempts)."""

    template_name = "portal/sign_in.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        throttle = LoginThrottle()
        username = request.POST.get("username", "")
        if not throttle.allow_request(request, self) or login_locked_for(username) is not None:
            form = self.get_form()
            return self.render_to_response(
                self.get_context_data(
                    form=form, refused=_("Too many sign-in attempts; try again later.")
                ),
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_failed(self.request.POST.get("username", ""))
        return super().form_invalid(form)


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

    def filters(self):
        try:
            return filters_from(self.request.GET)
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


def phase_names(location_id: int) -> dict[str, str]:
    """The phases' names in the reader's language, by key, the newest codex's last."""
    phases = Phase.objects.filter(codex_version__client__locations=location_id).order_by(
        "codex_version__number", "position"
    )
    return {phase.key: phase.name for phase in phases}


class HomeView(ReaderMixin, TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        regions = regions_visible(user=self.request.user).select_related("client")
        late = with_figures(overdue(actions_visible(user=self.request.user)))
        return super().get_context_data(regions=list(regions), overdue=late, **kwargs)


# Stands for the reader's CSRF token in a page kept in the cache; replaced on the way out.
CSRF_SENTINEL = "csrf-token-of-this-request"


class LeaderboardView(ReaderMixin, View):
    """A region's locations ranked, each with its interval drawn as a bar, in tiers the data
    cannot tell apart. The whole page is kept like the API's figures (``cached_fragment``),
    with the reader's CSRF token put in on the way out."""

    def get(self, request, pk):
        filters = self.filters()

        def render() -> str:
            region, names, sums = selectors.region_with_sums(request.user, pk, filters)
            rows = figures.ranked(sums, names).rows
            context = {
                "region": region,
                "board": board_rows(rows, request.GET.urlencode()),
                "tiers": len({row.tier for row in rows}),
                "empty": not rows,
                "filter_error": getattr(self, "filter_error", None),
                "user": request.user,
                "request": request,
                "csrf_token": CSRF_SENTINEL,
            }
            return render_to_string("portal/leaderboard.html", context)

        page = cached_fragment(request, render)
        return HttpResponse(page.replace(CSRF_SENTINEL, get_token(request)))


def board_rows(rows, query: str) -> str:
    """A leaderboard's rows as HTML, built as strings: a hundred rows through the template
    engine, or through ``format_html`` and ``reverse`` a hundred times each, took longer than
    computing the figures. Names and texts are escaped; the rest are numbers."""
    few = escape(_("Too few audits to judge by"))
    none = escape(_("no audits"))
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
        lines.append(
            f'<tr class="tier-{"even" if row.tier % 2 == 0 else "odd"}"><td>{row.rank}</td>'
            f'<td>{row.tier}</td><td><a href="{base}{row.location_id}/{suffix}">'
            f"{escape(row.name)}</a></td><td>{estimate.n}{mark}</td>"
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


class LocationView(ReaderMixin, TemplateView):
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
        return super().get_context_data(
            trend=trend,
            names=phase_names(location.pk),
            actions=actions,
            action_form=kwargs.pop("action_form", None) or ActionForm(),
            missed=[norm for norm in card.norms if not norm.meets_target],
            location=ref,
            card=card,
            score_bar=bar(card.overall.estimate),
            phases=[(phase, bar(phase.estimate)) for phase in card.phases],
            norms=card.norms,
            filters=filters,
            period=self.request.GET.get("period", ""),
            filter_error=getattr(self, "filter_error", None),
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
