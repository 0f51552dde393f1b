"""Encryption at rest for the Exelare password (Fernet: AES-128-CBC + HMAC-SHA256)."""
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app


def _fernet():
    return Fernet(current_app.config["FERNET_KEY"])


def encrypt(plain):
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token):
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # Raised when FERNET_KEY changed since the password was saved.
        raise RuntimeError("The stored Exelare password cannot be decrypted with the current FERNET_KEY; "
                           "save the integration's credentials again.") from None
