#!/usr/bin/env python3
"""Verify a zfjd 存证包 (proof bundle) offline, independently of zfjd.

Written from the specifications alone, with nothing but the Python standard
library — no zfjd code, no Go, no third-party crypto:

  * RFC 6962 §2.1 / RFC 9162 §2.1: leaf hash SHA-256(0x00 || data), node hash
    SHA-256(0x01 || left || right); inclusion proofs verified by the
    algorithm of RFC 9162 §2.1.3.2.
  * C2SP tlog-checkpoint and signed-note: the checkpoint text is
    "origin\\nsize\\nbase64(root)\\n", then a blank line and signature lines
    "— <name> base64(keyhash[4] || signature)"; a verifier key is
    "<name>+<hex keyhash>+base64(0x01 || ed25519 public key)", and the key
    hash is the first 4 bytes of SHA-256(name || "\\n" || 0x01 || public key).
  * RFC 8032 §5.1.7: Ed25519 verification (the reference arithmetic of §6).

Usage: verify.py BUNDLE.json [--key VERIFIER_KEY] [--witness KEY]...
Exit status 0 when every record verifies; otherwise 1, naming each failure.
"""

import base64
import hashlib
import json
import sys

# ---- RFC 8032: Ed25519 verification ----------------------------------------

P = 2**255 - 19
D = -121665 * pow(121666, P - 2, P) % P
Q = 2**252 + 27742317777372353535851937790883648493
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    A = (a[1] - a[0]) * (b[1] - b[0]) % P
    B = (a[1] + a[0]) * (b[1] + b[0]) % P
    C = 2 * a[3] * b[3] * D % P
    Dd = 2 * a[2] * b[2] % P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F % P, G * H % P, F * G % P, E * H % P)


def _mul(s, pt):
    r = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            r = _add(r, pt)
        pt = _add(pt, pt)
        s >>= 1
    return r


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
BASE = (_GX, _GY, 1, _GX * _GY % P)


def _decompress(s):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def ed25519_verify(public, msg, sig):
    if len(public) != 32 or len(sig) != 64:
        return False
    a = _decompress(public)
    r = _decompress(sig[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(sig[32:], "little")
    if s >= Q:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(), "little") % Q
    return _equal(_mul(s, BASE), _add(r, _mul(h, a)))


# ---- signed notes ------------------------------------------------------------


class Key:
    def __init__(self, text):
        parts = text.strip().split("+", 2)
        if len(parts) != 3:
            raise ValueError("verifier key is not name+hash+base64")
        self.name, self.hash = parts[0], bytes.fromhex(parts[1])
        raw = base64.b64decode(parts[2], validate=True)
        if len(raw) != 33 or raw[0] != 1:
            raise ValueError("verifier key is not an Ed25519 key")
        self.public = raw[1:]
        want = hashlib.sha256(self.name.encode() + b"\n" + raw).digest()[:4]
        if want != self.hash:
            raise ValueError("verifier key hash does not match the key")


def open_note(note, key):
    """Return the note's text when it carries a valid signature by key."""
    i = note.find("\n\n")
    if i < 0:
        raise ValueError("checkpoint is not a signed note")
    text, sigs = note[: i + 1], note[i + 2 :]
    for line in sigs.splitlines():
        if not line.startswith("\u2014 "):
            raise ValueError("malformed signature line")
        name, _, b64 = line[2:].rpartition(" ")
        raw = base64.b64decode(b64, validate=True)
        if name == key.name and raw[:4] == key.hash and ed25519_verify(key.public, text.encode(), raw[4:]):
            return text
    raise ValueError("no valid signature by " + key.name)


# ---- RFC 6962 / 9162 -----------------------------------------------------------


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


# ---- the bundle -----------------------------------------------------------------


def verify(bundle, key_text, witnesses):
    key = Key(key_text or bundle["key"])
    text = open_note(bundle["checkpoint"], key)
    for w in witnesses:
        open_note(bundle["checkpoint"], Key(w))
    lines = text.split("\n")
    if len(lines) < 4 or lines[0] != key.name:
        raise ValueError("checkpoint origin is not the key's log")
    size, root = int(lines[1]), base64.b64decode(lines[2], validate=True)
    problems = []
    if not bundle["records"]:
        problems.append("bundle has no records")
    for rec in bundle["records"]:
        index, data, content = rec["index"], rec["data"].encode(), rec["content"].encode()
        kind, ref = rec.get("kind") or bundle["kind"], rec.get("ref") or bundle["ref"]
        leaf = json.loads(data)
        if leaf["seq"] != index or leaf["kind"] != kind or leaf["ref"] != ref:
            problems.append("leaf %d does not name %s %s" % (index, kind, ref))
        if hashlib.sha256(content).hexdigest() != leaf["sha256"]:
            problems.append("leaf %d: content changed (SHA-256 differs)" % index)
        proof = [base64.b64decode(h) for h in rec.get("proof") or []]
        if not verify_inclusion(index, size, leaf_hash(data), proof, root):
            problems.append("leaf %d: not included in the signed tree of size %d" % (index, size))
    return size, len(bundle["records"]), problems


def main(argv):
    args, key, witnesses = [], "", []
    it = iter(argv)
    for a in it:
        if a == "--key":
            key = next(it)
        elif a == "--witness":
            witnesses.append(next(it))
        else:
            args.append(a)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        bundle = json.load(f)
    try:
        size, n, problems = verify(bundle, key, witnesses)
    except (ValueError, KeyError) as e:
        print("INVALID:", e)
        return 1
    for p in problems:
        print("INVALID:", p)
    if problems:
        return 1
    print("OK: %d records included in the signed tree of size %d" % (n, size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
