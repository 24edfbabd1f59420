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
  * The 国密 option: a bundle with "hash": "sm3" uses SM3 (GB/T 32905,
    OpenSSL's through hashlib) in place of SHA-256 for the content digest
    (the leaf's "sm3" field) and the tree; a verifier key whose raw bytes are
    0x53 || 0x04 || X || Y is SM2 (GB/T 32918 / GM/T 0003: signature
    (r, s) in DER over SM3(Z_A || message), Z_A with the default user ID
    1234567812345678), verified here by the arithmetic of GM/T 0003.2 §7.

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


# ---- GM/T 0003: SM2 verification ---------------------------------------------

SM2_P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
SM2_A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
SM2_B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
SM2_N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
SM2_G = (0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
         0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0)
SM2_ID = b"1234567812345678"


def sm3(b):
    try:
        return hashlib.new("sm3", b).digest()
    except ValueError:
        raise ValueError("this Python's OpenSSL has no SM3: the 国密 bundle cannot be checked here")


def _ec_add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2 and (y1 + y2) % SM2_P == 0:
        return None
    if p1 == p2:
        lam = (3 * x1 * x1 + SM2_A) * pow(2 * y1, SM2_P - 2, SM2_P) % SM2_P
    else:
        lam = (y2 - y1) * pow(x2 - x1, SM2_P - 2, SM2_P) % SM2_P
    x3 = (lam * lam - x1 - x2) % SM2_P
    return (x3, (lam * (x1 - x3) - y1) % SM2_P)


def _ec_mul(k, pt):
    r = None
    while k:
        if k & 1:
            r = _ec_add(r, pt)
        pt = _ec_add(pt, pt)
        k >>= 1
    return r


def _der_ints(sig):
    """The two INTEGERs of a DER SEQUENCE."""
    if len(sig) < 8 or sig[0] != 0x30 or sig[1] != len(sig) - 2:
        raise ValueError("SM2 signature is not DER")
    out, i = [], 2
    for _ in range(2):
        if sig[i] != 0x02:
            raise ValueError("SM2 signature is not DER")
        n = sig[i + 1]
        out.append(int.from_bytes(sig[i + 2 : i + 2 + n], "big"))
        i += 2 + n
    if i != len(sig):
        raise ValueError("SM2 signature has trailing bytes")
    return out


def sm2_verify(public, msg, sig):
    x, y = public
    try:
        r, s = _der_ints(sig)
    except (ValueError, IndexError):
        return False
    if not (1 <= r < SM2_N and 1 <= s < SM2_N):
        return False
    f = lambda v: v.to_bytes(32, "big")
    za = sm3(struct_len(SM2_ID) + SM2_ID + f(SM2_A) + f(SM2_B) + f(SM2_G[0]) + f(SM2_G[1]) + f(x) + f(y))
    e = int.from_bytes(sm3(za + msg), "big")
    t = (r + s) % SM2_N
    if t == 0:
        return False
    pt = _ec_add(_ec_mul(s, SM2_G), _ec_mul(t, (x, y)))
    return pt is not None and (e + pt[0]) % SM2_N == r


def struct_len(uid):
    return (len(uid) * 8).to_bytes(2, "big")  # ENTL: the ID's length in bits


# ---- signed notes ------------------------------------------------------------


class Key:
    def __init__(self, text):
        parts = text.strip().split("+", 2)
        if len(parts) != 3:
            raise ValueError("verifier key is not name+hash+base64")
        self.name, self.hash = parts[0], bytes.fromhex(parts[1])
        raw = base64.b64decode(parts[2], validate=True)
        if len(raw) == 33 and raw[0] == 1:
            self.alg, self.public = "ed25519", raw[1:]
        elif len(raw) == 66 and raw[0] == 0x53 and raw[1] == 4:
            x, y = int.from_bytes(raw[2:34], "big"), int.from_bytes(raw[34:], "big")
            if (y * y - x * x * x - SM2_A * x - SM2_B) % SM2_P != 0:
                raise ValueError("SM2 verifier key is not a point of the curve")
            self.alg, self.public = "sm2", (x, y)
        else:
            raise ValueError("verifier key is neither Ed25519 nor SM2")
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
        if name != key.name or raw[:4] != key.hash:
            continue
        check = ed25519_verify if key.alg == "ed25519" else sm2_verify
        if check(key.public, text.encode(), raw[4:]):
            return text
    raise ValueError("no valid signature by " + key.name)


# ---- RFC 6962 / 9162 -----------------------------------------------------------


HASH = "sha256"  # or "sm3" for a 国密 bundle (verify sets it)


def digest(b):
    return sm3(b) if HASH == "sm3" else hashlib.sha256(b).digest()


def leaf_hash(data):
    return digest(b"\x00" + data)


def node_hash(left, right):
    return digest(b"\x01" + left + right)


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
    global HASH
    alg = bundle.get("hash") or "sha256"
    if alg not in ("sha256", "sm3"):
        raise ValueError("unknown hash algorithm " + alg)
    HASH = alg
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
        if digest(content).hex() != leaf.get(alg) or (alg == "sm3" and "sha256" in leaf):
            problems.append("leaf %d: content changed (%s differs)" % (index, alg.upper()))
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
