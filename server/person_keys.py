"""Dedup keys for people. PURE.

A person is the same person within a team when their LinkedIn URLs normalise
to the same key, or else when one of the incoming emails equals the stored
first email (case-insensitively). Keys live in Person.linkedin_key and
Person.email_key; these functions are the one place that computes them.
"""
import re

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://")


def linkedin_key(url):
    """The comparable form of a LinkedIn URL, or None when there is none.

    Lower-cased; scheme, leading ``www.``, query string, fragment and
    trailing slashes dropped: ``https://www.LinkedIn.com/in/Ada/?trk=x`` and
    ``linkedin.com/in/ada`` are the same profile.
    """
    if not isinstance(url, str):
        return None
    text = url.strip().lower()
    text = text.split("#", 1)[0].split("?", 1)[0]
    text = _SCHEME.sub("", text)
    if text.startswith("//"):
        text = text[2:]
    if text.startswith("www."):
        text = text[4:]
    text = text.rstrip("/")
    return text or None


def email_keys(emails):
    """Every non-blank email, stripped and lower-cased, first occurrence only."""
    keys = []
    for email in emails or []:
        if isinstance(email, str) and email.strip():
            key = email.strip().lower()
            if key not in keys:
                keys.append(key)
    return keys


def email_key(emails):
    """The stored email key: the first email, lower-cased; None without emails."""
    keys = email_keys(emails)
    return keys[0] if keys else None
