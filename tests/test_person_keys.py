"""Dedup keys: one LinkedIn profile, however the URL is written, is one key."""
import pytest

from server.person_keys import email_key, email_keys, linkedin_key

P = pytest.param
ADA = "linkedin.com/in/ada-lovelace"

LINKEDIN = [
    P("https://www.linkedin.com/in/ada-lovelace/", ADA, id="canonical"),
    P("https://www.linkedin.com/in/ada-lovelace", ADA, id="no-trailing-slash"),
    P("http://linkedin.com/in/ada-lovelace", ADA, id="http-no-www"),
    P("HTTPS://WWW.LinkedIn.com/in/Ada-Lovelace/", ADA, id="upper-case"),
    P("https://www.linkedin.com/in/ada-lovelace/?trk=public_profile&x=1", ADA, id="query"),
    P("https://www.linkedin.com/in/ada-lovelace#about", ADA, id="fragment"),
    P("https://www.linkedin.com/in/ada-lovelace/?a=b#c", ADA, id="query-and-fragment"),
    P("  https://www.linkedin.com/in/ada-lovelace//  ", ADA, id="blanks-and-double-slash"),
    P("www.linkedin.com/in/ada-lovelace", ADA, id="no-scheme"),
    P("linkedin.com/in/ada-lovelace", ADA, id="bare"),
    P("//www.linkedin.com/in/ada-lovelace", ADA, id="scheme-relative"),
    P("https://de.linkedin.com/in/ada-lovelace", "de.linkedin.com/in/ada-lovelace", id="other-subdomain-kept"),
    P("https://www.linkedin.com/in/ada-lovelace-2", "linkedin.com/in/ada-lovelace-2", id="different-profile"),
    P("https://www.linkedin.com/in/wwwada", "linkedin.com/in/wwwada", id="www-only-at-start"),
    P("", None, id="empty"),
    P("   ", None, id="blank"),
    P("https://", None, id="scheme-only"),
    P("/", None, id="slash-only"),
    P(None, None, id="none"),
    P(42, None, id="not-a-string"),
]


@pytest.mark.parametrize("url, expected", LINKEDIN)
def test_linkedin_key(url, expected):
    assert linkedin_key(url) == expected


EMAILS = [
    P(["Ada@Example.COM"], "ada@example.com", ["ada@example.com"], id="lower-cased"),
    P([" ada@example.com ", "ADA@example.com", "b@x.io"], "ada@example.com", ["ada@example.com", "b@x.io"],
      id="stripped-and-deduplicated"),
    P(["", "  ", "b@x.io"], "b@x.io", ["b@x.io"], id="blanks-skipped"),
    P([], None, [], id="none-given"),
    P(None, None, [], id="none"),
    P([None, 3, "c@x.io"], "c@x.io", ["c@x.io"], id="non-strings-skipped"),
]


@pytest.mark.parametrize("emails, key, keys", EMAILS)
def test_email_keys(emails, key, keys):
    assert email_key(emails) == key
    assert email_keys(emails) == keys
