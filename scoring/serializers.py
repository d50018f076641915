"""Response shapes of the comparison endpoints (for the schema; views build plain dicts)."""

from rest_framework import serializers


class EstimateSerializer(serializers.Serializer):
    audits = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True, help_text="0 to 1.")
    low = serializers.FloatField(allow_null=True, help_text="95% confidence interval.")
    high = serializers.FloatField(allow_null=True)


class PeriodSerializer(serializers.Serializer):
    label = serializers.CharField()
    start = serializers.DateField(help_text="The first day, in each location's own calendar.")
    end = serializers.DateField(help_text="The last day, included.")


class PhaseMeanSerializer(serializers.Serializer):
    phase = serializers.CharField()
    audits = serializers.IntegerField()
    mean = serializers.FloatField()


class NormRateSerializer(serializers.Serializer):
    norm = serializers.CharField()
    audits = serializers.IntegerField(help_text="Audits where the norm applied.")
    met = serializers.IntegerField()
    rate = serializers.FloatField()
    target = serializers.FloatField()
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


class ScorecardSerializer(serializers.Serializer):
    location = LocationRefSerializer()
    period = PeriodSerializer(allow_null=True)
    score = EstimateSerializer()
    failed_share = serializers.FloatField(allow_null=True)
    phases = PhaseMeanSerializer(many=True)
    norms = NormRateSerializer(many=True)
    loyalty = LoyaltySerializer()
    previous = EstimateSerializer(allow_null=True)
    change = serializers.FloatField(allow_null=True, help_text="Mean minus the previous mean.")
    rank = RankSerializer(allow_null=True, help_text="Within the region, by mean.")
    warnings = serializers.ListField(child=serializers.CharField())


class CompareRowSerializer(serializers.Serializer):
    location = LocationRefSerializer()
    score = EstimateSerializer()
    phases = serializers.DictField(child=serializers.FloatField(), help_text="phase: mean")
    norms = serializers.DictField(child=serializers.FloatField(), help_text="norm: rate met")
    warnings = serializers.ListField(child=serializers.CharField())


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    location = LocationRefSerializer()
    score = EstimateSerializer()
    failed_share = serializers.FloatField()
    not_clearly_different_from = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Locations whose intervals overlap this one's: the data cannot tell them apart.",
    )
    warnings = serializers.ListField(child=serializers.CharField())


class LeaderboardSerializer(serializers.Serializer):
    region = serializers.CharField()
    period = PeriodSerializer(allow_null=True)
    region_score = EstimateSerializer()
    locations = LeaderboardRowSerializer(many=True)


class MissedNormSerializer(serializers.Serializer):
    norm = serializers.CharField()
    audits = serializers.IntegerField()
    missed = serializers.IntegerField()
    miss_rate = serializers.FloatField()
    target = serializers.FloatField()


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


class PersonaGapReportSerializer(serializers.Serializer):
    locations = serializers.IntegerField(help_text="Locations where every persona was played.")
    personas = PersonaScoreSerializer(many=True)
    gaps = PersonaGapSerializer(many=True)
