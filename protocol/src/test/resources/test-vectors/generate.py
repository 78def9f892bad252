#!/usr/bin/env python3
"""Writes v1.json: contract v1 test vectors made with an implementation independent of the Java code
(Python 'cryptography' for Ed25519, the standard library for HMAC and JSON).

Run from this folder: python3 generate.py > v1.json. Ed25519 is deterministic, so the output is stable.
"""
import base64
import hashlib
import hmac
import json
import re

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

NOW = "2026-11-23T12:00:00Z"
LAB = "demo-lab"
PEPPER = bytes(range(32))
# The pepper the partner labs of a network share (docs/network.md); a lab's own pepper never leaves the lab.
NETWORK_PEPPER = bytes(range(32, 64))


def b64(data):
    return base64.b64encode(data).decode("ascii")


def keypair(seed_byte):
    seed = bytes([seed_byte]) * 32
    private = Ed25519PrivateKey.from_private_bytes(seed)
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return private, {"private": b64(seed), "public": b64(public)}


GATEWAY, GATEWAY_KEYS = keypair(0x01)
LASER, LASER_KEYS = keypair(0x02)
PRINTER, PRINTER_KEYS = keypair(0x03)
STRANGER, _ = keypair(0x04)


def topic(node, channel):
    return f"fablab/v1/{LAB}/nodes/{node}/{channel}"


def body_json(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def envelope(key, tpc, body):
    signature = key.sign((tpc + "\n" + body).encode("utf-8"))
    return json.dumps({"body": body, "sig": b64(signature)}, separators=(",", ":"), ensure_ascii=False)


def credential(kind, raw_id, pepper=PEPPER):
    digest = hmac.new(pepper, f"{kind}:{raw_id}".encode("utf-8"), hashlib.sha256).hexdigest()
    return {"type": kind, "hash": digest, "authenticated": False}


def network_hash(kind, raw_id):
    return credential(kind, raw_id, NETWORK_PEPPER)["hash"]


ALICE = credential("mifare-uid", "04A1B2C3D4E5F6")

# docs/protocol.md §5.1: hex types drop ":", "-" and spaces and are upper-cased; keyboard codes keep their characters.
ID_FORMS = {"mifare-uid": r"[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20}", "em4100": r"[0-9A-F]{10}",
            "desfire-ev2": r"[0-9A-F]{14}", "keyboard": r"[0-9A-Z]{4,64}"}


def credential_id(kind, typed):
    """The canonical id of a typed or read badge, or None when it is refused."""
    if kind not in ID_FORMS:
        return None
    value = typed.strip()
    if kind != "keyboard":
        value = re.sub(r"[:\- ]", "", value)
    value = value.upper()
    return value if re.fullmatch(ID_FORMS[kind], value) else None


def credential_id_vector(kind, typed):
    canonical = credential_id(kind, typed)
    if canonical is None:
        return {"type": kind, "typed": typed, "id": None}
    return {"type": kind, "typed": typed, "id": canonical, "hash": credential(kind, canonical)["hash"]}


CREDENTIAL_IDS = [credential_id_vector(kind, typed) for kind, typed in [
    ("mifare-uid", "04A1B2C3D4E5F6"), ("mifare-uid", "04:a1:b2:c3:d4:e5:f6"), ("mifare-uid", "04-A1-B2-C3-D4-E5-F6"),
    ("mifare-uid", " de ad be ef "), ("mifare-uid", "04a1b2c3d4e5f6071829"), ("em4100", "00:12:34:56:78"),
    ("desfire-ev2", "04 5a 2c 9a 1b 6e 80"), ("keyboard", "ab12cd34"),
    ("mifare-uid", "xyz!"), ("mifare-uid", "04A1B2"), ("mifare-uid", "04A1B2C3D4E5F"), ("em4100", "12345678"),
    ("desfire-ev2", "04A1B2C3"), ("keyboard", "12-34 56"), ("keyboard", "ab1"), ("hid-prox", "1234")]]

started = {"v": 1, "lab": LAB, "node": "laser-1", "ts": "2026-11-23T11:59:00Z", "seq": 41,
           "id": "0b7c6f2e-6a8b-4a52-9a55-0c1f4e1d0001", "type": "session.started",
           "data": {"sessionId": "s-0001", "startedAt": "2026-11-23T11:59:00Z", "credential": ALICE,
                    "memberId": "m-alice", "offline": False}}
ended = {"v": 1, "lab": LAB, "node": "laser-1", "ts": "2026-11-23T11:59:50Z", "seq": 42,
         "id": "0b7c6f2e-6a8b-4a52-9a55-0c1f4e1d0002", "type": "session.ended",
         "data": {"sessionId": "s-0001", "startedAt": "2026-11-23T11:59:00Z", "endedAt": "2026-11-23T11:59:50Z",
                  "wallSeconds": 50, "activeSeconds": 31, "energyWh": 12.5, "reason": "badge-out",
                  "interrupted": False}}
status = {"v": 1, "lab": LAB, "node": "printer-1", "ts": "2026-11-23T11:58:00Z", "state": "online",
          "machineState": "idle", "aclIssuedAt": "2026-11-23T11:00:00Z", "software": "0.1.0",
          "futureField": "ignored by v1 receivers"}
acl = {"v": 1, "lab": LAB, "node": "laser-1", "ts": "2026-11-23T11:00:00Z", "version": 7, "policy": "fail-closed",
       "maxStaleness": "PT15M",
       "entries": [{"credentialHash": ALICE["hash"], "memberId": "m-alice", "memberName": "Alice Martin",
                    "trainer": True}]}
command = {"v": 1, "lab": LAB, "node": "laser-1", "ts": "2026-11-23T11:59:30Z",
           "id": "c-0001", "action": "force-off", "args": {"reason": "fire drill"}}
auth_request = {"v": 1, "lab": LAB, "node": "printer-1", "ts": "2026-11-23T11:59:59Z", "seq": 5,
                "id": "0b7c6f2e-6a8b-4a52-9a55-0c1f4e1d0005", "reqId": "r-5", "credential": ALICE}
auth_response = {"v": 1, "lab": LAB, "node": "printer-1", "ts": "2026-11-23T12:00:00Z", "reqId": "r-5",
                 "decision": "denied", "reason": "training-expired",
                 "member": {"id": "m-alice", "name": "Alice Martin"}, "ttlSeconds": 0}

# Bodies of the remaining message kinds. Their key order (an event's "type" after "data", as the Java
# signer writes it) matches docs/protocol.md Appendix A, so the signatures there are the ones here.
EM4100 = credential("em4100", "0012345678")


def event(seq, ts, kind, data):
    return {"v": 1, "lab": LAB, "node": "laser-1", "ts": ts, "seq": seq,
            "id": f"0b7c6f2e-6a8b-4a52-9a55-0c1f4e1d{seq - 40:04d}", "data": data, "type": kind}


def cmd(number, action, args=None):
    body = {"v": 1, "lab": LAB, "node": "laser-1", "ts": "2026-11-23T11:59:30Z", "id": f"c-{number:04d}",
            "action": action}
    if args:
        body["args"] = args
    return body


will = {"v": 1, "lab": LAB, "node": "laser-1", "ts": "2026-11-23T08:00:00Z", "state": "offline"}
online = {"v": 1, "lab": LAB, "node": "laser-1", "ts": "2026-11-23T08:00:01Z", "state": "online",
          "machineState": "idle", "aclIssuedAt": "2026-11-23T07:00:00Z", "software": "0.1.0"}
progress = event(43, "2026-11-23T11:59:30Z", "session.progress",
                 {"sessionId": "s-0001", "wallSeconds": 30, "activeSeconds": 21, "energyWh": 7.25})
denied = event(44, "2026-11-23T11:59:40Z", "badge.denied", {"credential": EM4100, "reason": "unknown-badge"})
machine_state = event(45, "2026-11-23T11:59:41Z", "machine.state",
                      {"state": "to-check", "reason": "session ended, check the bed"})
interlock = event(46, "2026-11-23T11:59:42Z", "interlock.changed", {"name": "extractor", "closed": False})
consumable = event(47, "2026-11-23T11:59:43Z", "consumable.recorded",
                   {"sessionId": "s-0001", "item": "plywood-3mm", "quantity": 2, "unit": "sheet"})
booted = event(48, "2026-11-23T11:59:44Z", "node.booted", {"software": "0.1.0", "recoveredSessions": 1})
commands = [cmd(2, "lock"), cmd(3, "unlock"), cmd(4, "force-off", {"reason": "fire drill"}),
            cmd(5, "set-state", {"reason": "tube replaced", "state": "out-of-service"}),
            cmd(6, "resync"), cmd(7, "identify")]
empty_acl = {"v": 1, "lab": LAB, "node": "laser-1", "ts": "2026-11-23T11:00:00.250Z", "version": 8,
             "policy": "cached", "maxStaleness": "PT72H", "entries": []}
granted = {"v": 1, "lab": LAB, "node": "laser-1", "ts": "2026-11-23T12:00:00Z", "reqId": "r-6",
           "decision": "granted", "member": {"id": "m-zoe", "name": "Zoé Ñúñez"}, "ttlSeconds": 30}

cases = []


def case(name, tpc, payload, expect, kind=None):
    entry = {"name": name, "topic": tpc, "payload": payload, "expect": expect}
    if kind:
        entry["type"] = kind
    cases.append(entry)


def signed(key, node, channel, obj):
    tpc = topic(node, channel)
    return tpc, envelope(key, tpc, body_json(obj))


case("session started, signed by its node", *signed(LASER, "laser-1", "events", started), "accept", "session.started")
case("session ended, signed by its node", *signed(LASER, "laser-1", "events", ended), "accept", "session.ended")
case("status with an unknown field", *signed(PRINTER, "printer-1", "status", status), "accept", "status")
case("auth request", *signed(PRINTER, "printer-1", "auth/request", auth_request), "accept", "auth/request")
case("acl signed by the gateway", *signed(GATEWAY, "laser-1", "acl", acl), "accept", "acl")
case("command signed by the gateway", *signed(GATEWAY, "laser-1", "cmd", command), "accept", "cmd")
case("auth response signed by the gateway", *signed(GATEWAY, "printer-1", "auth/response", auth_response),
     "accept", "auth/response")

case("status offline, the Last Will", *signed(LASER, "laser-1", "status", will), "accept", "status")
case("status online", *signed(LASER, "laser-1", "status", online), "accept", "status")
for name, body in [("session progress", progress), ("badge denied", denied), ("machine state", machine_state),
                   ("interlock changed", interlock), ("consumable recorded", consumable),
                   ("node booted", booted)]:
    case(f"{name}, signed by its node", *signed(LASER, "laser-1", "events", body), "accept", body["type"])
for body in commands:
    case(f"command {body['action']}", *signed(GATEWAY, "laser-1", "cmd", body), "accept", "cmd")
case("acl, empty, fractional-second ts", *signed(GATEWAY, "laser-1", "acl", empty_acl), "accept", "acl")
case("auth response granted, non-ASCII name", *signed(GATEWAY, "laser-1", "auth/response", granted),
     "accept", "auth/response")

tpc, good = signed(LASER, "laser-1", "events", started)
tampered = dict(started, data=dict(started["data"], memberId="m-mallory"))
case("body changed after signing", tpc,
     json.dumps({"body": body_json(tampered), "sig": json.loads(good)["sig"]}, separators=(",", ":")),
     "bad-signature")
case("signed by another key", *signed(STRANGER, "laser-1", "events", started), "bad-signature")
case("signature made for another topic", topic("printer-1", "events"),
     envelope(LASER, topic("laser-1", "events"), body_json(dict(started, node="printer-1"))), "bad-signature")
case("signature missing", tpc, json.dumps({"body": body_json(started)}), "missing-signature")
case("node in body differs from topic", topic("printer-1", "events"),
     envelope(PRINTER, topic("printer-1", "events"), body_json(started)), "topic-mismatch")
ghost = dict(started, node="ghost-1")
case("node without a registered key", *signed(STRANGER, "ghost-1", "events", ghost), "unknown-node")
case("unknown contract version", *signed(LASER, "laser-1", "events", dict(started, v=2)), "unsupported-version")
case("envelope is not JSON", tpc, "{\"body\": \"{}\", \"sig\": ", "malformed")
case("body is not JSON", tpc, json.dumps({"body": "not json", "sig": "AAAA"}), "malformed")
case("topic outside the contract", "fablab/v2/demo-lab/nodes/laser-1/events", good, "bad-topic")
case("negative duration", *signed(LASER, "laser-1", "events",
                                  dict(ended, data=dict(ended["data"], wallSeconds=-5))), "invalid-field")
case("unknown event type", *signed(LASER, "laser-1", "events", dict(started, type="session.teleported")),
     "invalid-field")
case("timestamp an hour ahead", *signed(LASER, "laser-1", "events", dict(started, ts="2026-11-23T13:00:00Z")),
     "clock-skew")
case("command ten minutes old", *signed(GATEWAY, "laser-1", "cmd", dict(command, ts="2026-11-23T11:50:00Z")),
     "clock-skew")
case("command signed by a node, not the gateway", *signed(LASER, "laser-1", "cmd", command), "bad-signature")


# Strict typing (docs/protocol.md §6): each body below is correctly signed, so only its content decides.
def with_data(body, **changes):
    return dict(body, data=dict(body["data"], **changes))


def signed_text(key, node, channel, body):
    """Signs a body given as text, for bodies json.dumps cannot produce (a repeated key)."""
    tpc = topic(node, channel)
    return tpc, envelope(key, tpc, body)


case("integer given as a string", *signed(LASER, "laser-1", "events", dict(ended, seq="42")), "invalid-field")
case("number given as a string", *signed(LASER, "laser-1", "events", with_data(ended, energyWh="12.5")),
     "invalid-field")
case("boolean given as a string", *signed(LASER, "laser-1", "events", with_data(ended, interrupted="false")),
     "invalid-field")
case("fraction in an integer field", *signed(LASER, "laser-1", "events", with_data(ended, wallSeconds=50.7)),
     "invalid-field")
case("integer field written as 50.0", *signed(LASER, "laser-1", "events", with_data(ended, wallSeconds=50.0)),
     "invalid-field")
case("timestamp as epoch seconds", *signed(LASER, "laser-1", "events", dict(ended, ts=1795435190)),
     "invalid-field")
case("timestamp with an offset instead of Z",
     *signed(LASER, "laser-1", "events", dict(ended, ts="2026-11-23T12:59:50+01:00")), "invalid-field")
case("duration as a number of seconds", *signed(GATEWAY, "laser-1", "acl", dict(empty_acl, maxStaleness=900)),
     "invalid-field")
case("command argument not a string",
     *signed(GATEWAY, "laser-1", "cmd", cmd(8, "set-state", {"state": "blocked", "urgent": True})),
     "invalid-field")
case("progress with more active than wall time",
     *signed(LASER, "laser-1", "events", with_data(progress, activeSeconds=31)), "invalid-field")
ended_text = body_json(ended)
case("repeated key in the body",
     *signed_text(LASER, "laser-1", "events", ended_text.replace('"seq":42,', '"seq":42,"seq":43,', 1)),
     "malformed")
tpc, good_ended = signed(LASER, "laser-1", "events", ended)
ended_sig = json.loads(good_ended)["sig"]
case("repeated sig in the envelope", tpc,
     json.dumps({"body": ended_text, "sig": ended_sig}, separators=(",", ":"))
     .replace('"sig":', '"sig":"' + ended_sig + '","sig":', 1), "malformed")


def with_sig(sig):
    return json.dumps({"body": ended_text, "sig": sig}, separators=(",", ":"))


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
assert ended_sig.endswith("==") and ALPHABET.index(ended_sig[85]) % 16 == 0
case("signature without = padding", tpc, with_sig(ended_sig.rstrip("=")), "bad-signature")
# Same 64 bytes, but the unused low bits of the last base64 character are set: lenient decoders accept it.
non_canonical = ended_sig[:85] + ALPHABET[ALPHABET.index(ended_sig[85]) | 1] + "=="
assert base64.b64decode(non_canonical) == base64.b64decode(ended_sig)
case("signature in non-canonical base64", tpc, with_sig(non_canonical), "bad-signature")
url_safe = base64.urlsafe_b64encode(base64.b64decode(ended_sig)).decode("ascii")
assert url_safe != ended_sig
case("signature in URL-safe base64", tpc, with_sig(url_safe), "bad-signature")

# A node of a lab in a network of labs also sends the badge's network hash (docs/network.md).
visitor_request = dict(auth_request, seq=6, id="0b7c6f2e-6a8b-4a52-9a55-0c1f4e1d0006", reqId="r-7",
                       networkHash=network_hash("mifare-uid", "04A1B2C3D4E5F6"))
case("auth request with the badge's network hash", *signed(PRINTER, "printer-1", "auth/request", visitor_request),
     "accept", "auth/request")
visitor_denied = with_data(dict(denied, seq=49, id="0b7c6f2e-6a8b-4a52-9a55-0c1f4e1d0009"),
                           networkHash=network_hash("em4100", "0012345678"))
case("badge denied with the badge's network hash", *signed(LASER, "laser-1", "events", visitor_denied),
     "accept", "badge.denied")
case("network hash not lowercase hex",
     *signed(PRINTER, "printer-1", "auth/request", dict(visitor_request, networkHash=visitor_request["networkHash"]
                                                         .upper())), "invalid-field")

padding = dict(started, padding="x" * (64 * 1024))
case("payload over 64 KiB", *signed(LASER, "laser-1", "events", padding), "oversize")

print(json.dumps({
    "description": "fablab MQTT contract v1 test vectors; see docs/protocol.md",
    "now": NOW,
    "limits": {"maxPayloadBytes": 65536, "maxAclPayloadBytes": 1048576, "maxFutureSkew": "PT5M",
               "maxCommandAge": "PT5M"},
    "gateway": GATEWAY_KEYS,
    "nodes": {"laser-1": LASER_KEYS, "printer-1": PRINTER_KEYS},
    "pepper": PEPPER.hex(),
    "networkPepper": NETWORK_PEPPER.hex(),
    "credentials": [{"type": "mifare-uid", "id": "04A1B2C3D4E5F6", "hash": ALICE["hash"]},
                    {"type": "em4100", "id": "0012345678",
                     "hash": credential("em4100", "0012345678")["hash"]}],
    "networkCredentials": [{"type": "mifare-uid", "id": "04A1B2C3D4E5F6",
                            "hash": network_hash("mifare-uid", "04A1B2C3D4E5F6")},
                           {"type": "em4100", "id": "0012345678", "hash": network_hash("em4100", "0012345678")}],
    "credentialIds": CREDENTIAL_IDS,
    "cases": cases,
}, indent=1, ensure_ascii=False))
