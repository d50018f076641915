"""Response shapes of the comparison endpoints (for the schema; views build plain dicts)."""

from rest_framework import serializers


class EstimateSerializer(serializers.Serializer):
    """A mean of audit scores (0 to 1) with its 95% interval; null from no audits."""

    audits = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True, help_text="0 to 1.")
    low = serializers.FloatField(allow_null=True, help_text="95% interval (see the README).")
    high = serializers.FloatField(allow_null=True)


class RateSerializer(serializers.Serializer):
    """A share of audits (0 to 1) with Wilson's 95% interval; null from no audits."""

    audits = serializers.IntegerField(help_text="Audits it is a share of.")
    rate = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)


class PeriodSerializer(serializers.Serializer):
    label = serializers.CharField()
    start = serializers.DateField(help_text="The first day, in each location's own calendar.")
    end = serializers.DateField(help_text="The last day, included.")


class PhaseMeanSerializer(EstimateSerializer):
    phase = serializers.CharField()


class ExpectationsSerializer(serializers.Serializer):
    """A phase against the auditors' expectations (seed 004): of ``audits`` that asked, the
    shares where it fell short of them and exceeded them (the rest met them)."""

    audits = serializers.IntegerField(help_text="Audits that asked, and were answered.")
    fell_short = RateSerializer()
    exceeded = RateSerializer()


class ScorecardPhaseSerializer(PhaseMeanSerializer):
    expectations = ExpectationsSerializer(
        allow_null=True, help_text="Null where the checklists do not ask."
    )


class NormRateSerializer(RateSerializer):
    norm = serializers.CharField()
    met = serializers.IntegerField(
        help_text="Audits where it was met, of `audits` where it applied."
    )
    target = serializers.FloatField(help_text="The codex's target rate.")
    meets_target = serializers.BooleanField()


class LoyaltySerializer(serializers.Serializer):
    consumer = serializers.IntegerField()
    trier = serializers.IntegerField()
    customer = serializers.IntegerField()
    loyalist = serializers.IntegerField()
    advocate = serializers.IntegerField()


class LocationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    region = serializers.CharField()


class RankSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    of = serializers.IntegerField()


class StepMeanSerializer(EstimateSerializer):
    step = serializers.CharField(help_text="The step's key in the situations' processes.")
    phase = serializers.CharField()


class LostSaleSerializer(RateSerializer):
    reference = serializers.FloatField(
        help_text="The share the source texts give after bad service: a third of the customers "
        "served badly leave without buying. It is not a share of all visits: a location whose "
        "service is good will stay below it."
    )


class MoodChangeSerializer(serializers.Serializer):
    """The mean change of mood, departure less arrival, each on its scale from 0 to 1."""

    audits = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True, help_text="-1 to 1; above 0: happier.")
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)


class OutcomesSerializer(serializers.Serializer):
    """What the visits did for the customer, over the audits whose checklist asks."""

    lost_sale = LostSaleSerializer(
        help_text="Would not have bought because of the service, of those asked."
    )
    buys_but_complains = RateSerializer(
        help_text="Would have bought, but with something to complain about."
    )
    more_satisfied = RateSerializer(help_text="Left more satisfied than they came.")
    mood_change = MoodChangeSerializer()


class HoursSerializer(serializers.Serializer):
    """A median of hours with a distribution-free 95% interval. A contact that never came counts
    as later than any: where it decides the median or a bound, that figure is null and its
    ``never`` is true. Bounds are null from fewer than six visits, which cannot give one."""

    audits = serializers.IntegerField()
    median = serializers.FloatField(allow_null=True)
    never = serializers.BooleanField(help_text="More than half never got a contact.")
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    high_never = serializers.BooleanField(help_text="The upper bound is a contact that never came.")


class FollowUpsSerializer(serializers.Serializer):
    """Two-stage visits, counted by their first visits in the period: staff were to get back to
    the customer after each (a call-back, a reply, a sales follow-up)."""

    audits = serializers.IntegerField(help_text="First visits whose follow-up has an outcome.")
    no_contact = serializers.IntegerField(help_text="Of those, after how many no contact came.")
    hours = HoursSerializer(help_text="Hours from the end of the visit to staff's contact.")
    within_a_day = RateSerializer(help_text="Contacts within 24 hours of the visit.")
    promise_kept = RateSerializer(
        help_text="Staff got back as they had promised (no contact: not as promised)."
    )


class ScorecardSerializer(serializers.Serializer):
    location = LocationRefSerializer()
    period = PeriodSerializer(allow_null=True)
    score = EstimateSerializer()
    failed_share = RateSerializer(help_text="Audits failed by a critical miss.")
    phases = ScorecardPhaseSerializer(many=True)
    norms = NormRateSerializer(many=True)
    loyalty = LoyaltySerializer()
    previous = EstimateSerializer(allow_null=True)
    change = serializers.FloatField(allow_null=True, help_text="Mean minus the previous mean.")
    rank = RankSerializer(allow_null=True, help_text="In the region's leaderboard.")
    steps = StepMeanSerializer(
        many=True, help_text="Each step of the situations' processes the audits' checklists check."
    )
    outcomes = OutcomesSerializer()
    follow_ups = FollowUpsSerializer()
    warnings = serializers.ListField(child=serializers.CharField())


class CompareRowSerializer(serializers.Serializer):
    location = LocationRefSerializer()
    score = EstimateSerializer()
    phases = serializers.DictField(child=EstimateSerializer(), help_text="phase: its mean")
    norms = serializers.DictField(child=RateSerializer(), help_text="norm: how often met")
    warnings = serializers.ListField(child=serializers.CharField())


class PooledSerializer(serializers.Serializer):
    mean = serializers.FloatField(
        allow_null=True,
        help_text="The true score estimated with strength borrowed from the region.",
    )
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    bottom_quarter = serializers.FloatField(
        allow_null=True, help_text="The chance it truly lies in the region's lowest quarter."
    )


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="By the pooled estimate.")
    tier = serializers.IntegerField(
        help_text="Locations of one tier cannot be told apart by the data; tier 1 is the best."
    )
    location = LocationRefSerializer()
    score = EstimateSerializer(help_text="The raw mean of its audits.")
    pooled = PooledSerializer()
    failed_share = RateSerializer()
    warnings = serializers.ListField(child=serializers.CharField())


class LeaderboardSerializer(serializers.Serializer):
    region = serializers.CharField()
    period = PeriodSerializer(allow_null=True)
    region_score = EstimateSerializer()
    locations = LeaderboardRowSerializer(many=True)


class MissedNormSerializer(serializers.Serializer):
    norm = serializers.CharField()
    audits = serializers.IntegerField(help_text="Audits where the norm applied.")
    missed = serializers.IntegerField()
    miss_rate = serializers.FloatField()
    low = serializers.FloatField(help_text="Wilson's 95% interval of the miss rate.")
    high = serializers.FloatField()
    target = serializers.FloatField(help_text="The codex's target rate of meeting it.")


class PersonaScoreSerializer(serializers.Serializer):
    persona = serializers.CharField()
    score = EstimateSerializer()


class PersonaGapSerializer(serializers.Serializer):
    persona = serializers.CharField()
    reference = serializers.CharField()
    difference = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    clearly_different = serializers.BooleanField()
    differs_in = serializers.ListField(
        child=serializers.CharField(),
        help_text="The persona attributes (age_band, gender, language, expertise, temper) the "
        "two differ in, as their codex describes them.",
    )
    matched_pair = serializers.BooleanField(
        help_text="They differ in one attribute only: the gap measures unequal treatment on "
        "that attribute, not a different need."
    )


class PersonaGapReportSerializer(serializers.Serializer):
    locations = serializers.IntegerField(help_text="Locations where every persona was played.")
    personas = PersonaScoreSerializer(many=True)
    gaps = PersonaGapSerializer(many=True)


class VisitsNeededLocationSerializer(serializers.Serializer):
    location = LocationRefSerializer()
    audits = serializers.IntegerField(help_text="Audits it has.")
    more = serializers.IntegerField(allow_null=True, help_text="More audits it needs.")


class VisitsNeededSerializer(serializers.Serializer):
    locations = VisitsNeededLocationSerializer(many=True)
    difference = serializers.FloatField(allow_null=True, help_text="First minus second.")
    spread = serializers.FloatField(help_text="The standard deviation between audits assumed.")
    audits_each = serializers.IntegerField(allow_null=True)


class GapSerializer(serializers.Serializer):
    """A difference of two means in score points (0 to 1 apart), with Welch's 95% interval."""

    difference = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    clearly_different = serializers.BooleanField(
        help_text="The interval leaves out zero: the two differ beyond what chance explains."
    )


class AgainstCompetitorsSerializer(serializers.Serializer):
    own = EstimateSerializer(help_text="The client's stores.")
    competitors = EstimateSerializer(help_text="The competitors' stores, all visits together.")
    gap = GapSerializer(help_text="Own minus competitors'.")


class CompetitorPhaseSerializer(AgainstCompetitorsSerializer):
    phase = serializers.CharField()


class CompetitorGapSerializer(serializers.Serializer):
    competitor_stores = serializers.IntegerField(
        help_text="How many competitor stores the competitors' figures are over; which ones is "
        "never told to a client."
    )
    overall = AgainstCompetitorsSerializer()
    phases = CompetitorPhaseSerializer(many=True)
