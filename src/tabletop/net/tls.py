"""The session's own TLS identity: a self-signed certificate made once, kept in the session
file, and pinned by the join strings (no certificate authority to administer)."""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
import secrets
import ssl
import tempfile
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class Identity:
    certificate: bytes
    """PEM."""
    key: bytes
    """PEM, unencrypted: it lives in the session file, which is as sensitive as the exercise."""

    @property
    def pin(self) -> str:
        return pin_of(ssl.PEM_cert_to_DER_cert(self.certificate.decode()))


def pin_of(der: bytes) -> str:
    """The pin of a DER certificate: 128 bits of its SHA-256, base32, lower case (26 letters)."""
    return base64.b32encode(hashlib.sha256(der).digest()[:16]).decode().lower().rstrip("=")


def new_identity(name: str) -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"tabletop session {name}"[:64])])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return Identity(
        certificate.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )


def new_key() -> str:
    """A team's key: 80 random bits, easy to read out (base32, lower case)."""
    return base64.b32encode(secrets.token_bytes(10)).decode().lower()


def server_context(identity: Identity) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    with tempfile.TemporaryDirectory(prefix="tabletop-tls-") as folder:
        cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        for path, data in ((cert, identity.certificate), (key, identity.key)):
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
        context.load_cert_chain(cert, key)
    return context


def client_context() -> ssl.SSLContext:
    """Encrypts, but trusts no authority: the client checks the pin itself, before it speaks."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context
