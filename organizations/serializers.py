from rest_framework import serializers

from organizations.models import Location, Region


class RegionSerializer(serializers.ModelSerializer):
    """A client's region: its id is what the leaderboard and the region reports take."""

    client = serializers.IntegerField(source="client_id")

    class Meta:
        model = Region
        fields = ["id", "name", "client"]
        read_only_fields = fields


class LocationSerializer(serializers.ModelSerializer):
    """A location and its region; periods count in its own time zone."""

    client = serializers.IntegerField(source="client_id")
    region = serializers.IntegerField(source="region_id")
    region_name = serializers.CharField(source="region.name")

    class Meta:
        model = Location
        fields = [
            "id",
            "name",
            "address",
            "client",
            "region",
            "region_name",
            "time_zone",
            "competitor",
        ]
        read_only_fields = fields
