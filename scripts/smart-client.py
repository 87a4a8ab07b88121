#!/usr/bin/env python3
"""A SMART Backend Services client for trying crisisd by hand (PyJWT + cryptography, see Tests/e2e/requirements.txt).

  scripts/smart-client.py keygen DIR             # DIR/private.pem (keep it) and DIR/jwks.json (register it)
  crisisd client register --name demo --jwks DIR/jwks.json --scope "system/QuestionnaireResponse.c system/RiskAssessment.rs"
  scripts/smart-client.py token DIR CLIENT_ID https://localhost:8443 "system/QuestionnaireResponse.c" [--cacert FILE]

`token` reads the token endpoint from BASE/.well-known/smart-configuration, signs an ES384 client assertion
for it (5 minutes, fresh jti), posts it and prints the access token. `cds-jwt` prints a CDS Hooks request JWT: cds-jwt DIR ISSUER SERVICE_URL.
"""
import json, pathlib, ssl, sys, time, urllib.error, urllib.parse, urllib.request, uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

KID = "crisisd-demo-1"


def keygen(directory: str) -> None:
    folder = pathlib.Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP384R1())
    (folder / "private.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (folder / "private.pem").chmod(0o600)
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    public.update({"kid": KID, "alg": "ES384", "use": "sig"})
    (folder / "jwks.json").write_text(json.dumps({"keys": [public]}, indent=2) + "\n")
    print(folder / "jwks.json")


def signed(directory: str, claims: dict) -> str:
    key = serialization.load_pem_private_key((pathlib.Path(directory) / "private.pem").read_bytes(), None)
    now = int(time.time())
    return jwt.encode({"iat": now, "exp": now + 300, "jti": str(uuid.uuid4()), **claims}, key,
                      algorithm="ES384", headers={"kid": KID, "typ": "JWT"})


def token(directory: str, client_id: str, base_url: str, scope: str, cacert: str | None) -> None:
    context = ssl.create_default_context(cafile=cacert) if cacert else None
    with urllib.request.urlopen(base_url.rstrip("/") + "/.well-known/smart-configuration", context=context) as response:
        token_url = json.load(response)["token_endpoint"]
    assertion = signed(directory, {"iss": client_id, "sub": client_id, "aud": token_url})
    body = urllib.parse.urlencode({
        "grant_type": "client_credentials", "scope": scope,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion}).encode()
    request = urllib.request.Request(token_url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, context=context) as response:
            print(json.load(response)["access_token"])
    except urllib.error.HTTPError as error:
        sys.exit(f"{error.code}: {error.read().decode()}")


if __name__ == "__main__":
    args = sys.argv[1:]
    cacert = None
    if "--cacert" in args:
        index = args.index("--cacert")
        cacert = args[index + 1]
        del args[index:index + 2]
    if args[:1] == ["keygen"] and len(args) == 2:
        keygen(args[1])
    elif args[:1] == ["token"] and len(args) == 5:
        token(args[1], args[2], args[3], args[4], cacert)
    elif args[:1] == ["cds-jwt"] and len(args) == 4:
        print(signed(args[1], {"iss": args[2], "aud": args[3]}))
    else:
        sys.exit(__doc__)
