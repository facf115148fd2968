"""Privacy tools shared by every app."""

#: The version of the privacy statement at /privacy/. Raise it whenever the text changes in
#: substance: consent records store the version a person agreed to.
PRIVACY_STATEMENT_VERSION = "2026-11"
