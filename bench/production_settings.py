"""The production settings with the benchmarks' floor views beside the API (bench.load)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
