# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A throw-away CA and server certificate for ``--tls`` (``openssl`` CLI, else the ``cryptography`` package)."""
from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import subprocess
import tempfile


class TLSSetupError(RuntimeError):
    """Neither ``openssl`` nor ``cryptography`` could make the certificates."""


_CA_CONFIG = """[req]
distinguished_name = dn
prompt = no
[dn]
CN = Infisical Emulator Test CA
O = secretops.infisical tests
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
"""

_SERVER_CONFIG = """[req]
distinguished_name = dn
prompt = no
[dn]
CN = localhost
[v3_srv]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = {san}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
"""


def _names(hosts):
    dns, ips = ["localhost"], ["127.0.0.1", "::1"]
    for host in hosts or ():
        if not host or host in ("0.0.0.0", "::"):
            continue
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if host not in dns:
                dns.append(host)
        else:
            if host not in ips:
                ips.append(host)
    return dns, ips


def _run(args, cwd):
    result = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if result.returncode != 0:
        raise TLSSetupError("%s failed: %s" % (" ".join(args[:3]), result.stderr.decode("utf-8", "replace").strip()))


def _with_openssl(openssl, directory, hosts):
    dns, ips = _names(hosts)
    san = ",".join(["DNS:%s" % name for name in dns] + ["IP:%s" % ip for ip in ips])
    with open(os.path.join(directory, "ca.cnf"), "w", encoding="ascii") as stream:
        stream.write(_CA_CONFIG)
    with open(os.path.join(directory, "server.cnf"), "w", encoding="ascii") as stream:
        stream.write(_SERVER_CONFIG.format(san=san))
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _run([openssl, "req", "-x509", "-new", "-config", "ca.cnf", "-extensions", "v3_ca"] + key
         + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-sha256"], directory)
    _run([openssl, "req", "-new", "-config", "server.cnf"] + key + ["-keyout", "server.key", "-out", "server.csr"], directory)
    _run([openssl, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
          "-out", "server.pem", "-days", "30", "-sha256", "-extfile", "server.cnf", "-extensions", "v3_srv"], directory)


def _with_cryptography(directory, hosts):
    # pylint: disable=import-outside-toplevel,import-error
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    later = now + datetime.timedelta(days=30)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Infisical Emulator Test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    dns, ips = _names(hosts)
    san = [x509.DNSName(name) for name in dns] + [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
    cert = (
        x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    no_password = serialization.NoEncryption()
    files = {
        "ca.pem": ca_cert.public_bytes(serialization.Encoding.PEM),
        "server.pem": cert.public_bytes(serialization.Encoding.PEM),
        "server.key": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, no_password),
    }
    for name, data in files.items():
        with open(os.path.join(directory, name), "wb") as stream:
            stream.write(data)


def generate(hosts=None, use_openssl=True):
    """Make a CA and a server certificate in a new temporary directory.

    Returns ``(directory, ca_file, cert_file, key_file)``; the caller removes the directory.
    """
    directory = tempfile.mkdtemp(prefix="infisical-emulator-tls-")
    openssl = shutil.which("openssl") if use_openssl else None
    try:
        if openssl:
            _with_openssl(openssl, directory, hosts)
        else:
            try:
                _with_cryptography(directory, hosts)
            except ImportError as exc:
                raise TLSSetupError("--tls needs the openssl command or the Python cryptography package; found neither") from exc
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    os.chmod(os.path.join(directory, "server.key"), 0o600)
    return directory, os.path.join(directory, "ca.pem"), os.path.join(directory, "server.pem"), os.path.join(directory, "server.key")
