"""The survey page tests use the survey integration fixtures (the S demo and the sample)."""

from tests.integration.survey.conftest import demo_ctx, sample_dir, survey_demo_file

__all__ = ["demo_ctx", "sample_dir", "survey_demo_file"]
