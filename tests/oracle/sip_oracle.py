#!/usr/bin/env python3
"""An independent reading of a capture: what sipscan should find in it.

Reads the SIP messages that tshark decodes (its own parser, its own IP
and TCP reassembly), then applies the definitions of README.md
("Definitions") to them from scratch, with none of sipscan's code: no
streaming, no caps, the whole capture in memory. Writes a truth file in
the format truth_check reads (tests/truth/truth_check.c): a header that
lists the record types covered, then one record per stuck INVITE,
unanswered INVITE and auth attempt, and a summary with the SIP message
count.

    sip_oracle.py [--trying-timeout SECONDS] CAPTURE [NAME]

NAME is the capture's name in the header (default: CAPTURE's base name).
"""

import argparse
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

CREDENTIALS = ("sip.Authorization", "sip.Proxy-Authorization")
CHALLENGES = ("sip.WWW-Authenticate", "sip.Proxy-Authenticate")
AUTH_STATUSES = (401, 407)


def unquote(text):
    if text and len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    return text


class Message:
    """One SIP message as tshark decoded it."""

    def __init__(self, frame, time, src, dst):
        self.frame, self.time, self.src, self.dst = frame, time, src, dst
        self.method = None          # request method, or None for a response
        self.status = None
        self.call_id = None
        self.cseq_method = None
        self.branch = None          # of the top Via
        self.sent_by = None
        self.credentials = None     # (username, realm, nonce)
        self.challenges = []        # [(realm, nonce, stale)]

    def transaction(self):
        """RFC 3261 17.2.3: top Via branch and sent-by, and the method
        (CANCEL and ACK are transactions of their own here)."""
        return (self.branch, self.sent_by, self.cseq_method)


def first_show(element, name):
    for field in element.iter("field"):
        if field.get("name") == name:
            return field.get("show")
    return None


def auth_params(header):
    params = {}
    for field in header.iter("field"):
        name = field.get("name")
        if name in ("sip.auth.username", "sip.auth.realm", "sip.auth.nonce",
                    "sip.auth.stale") and name not in params:
            params[name] = unquote(field.get("show"))
    return params


def top_via(header):
    """Branch and sent-by of a Via header's first value. tshark splits a
    Via header into fields, but not a header holding several
    comma-separated values, so the first value is read here."""
    value = header.split(",")[0].strip()
    sent_by, _, params = value.partition(";")
    host = sent_by.split()[-1] if sent_by.split() else ""
    if host.startswith("["):
        address, _, rest = host[1:].partition("]")
        port = rest.lstrip(":")
    else:
        address, _, port = host.partition(":")
    branch = None
    for param in params.split(";"):
        name, _, param_value = param.strip().partition("=")
        if name.lower() == "branch":
            branch = param_value
    return branch, address.lower() + ":" + (port or "5060")


def message_from_pdu(pdu, frame, time, src, dst):
    msg = Message(frame, time, src, dst)
    method = first_show(pdu, "sip.Method")
    status = first_show(pdu, "sip.Status-Code")
    if status is not None:
        msg.status = int(status)
    elif method is not None:
        msg.method = method
    else:
        return None
    msg.call_id = first_show(pdu, "sip.Call-ID")
    msg.cseq_method = first_show(pdu, "sip.CSeq.method")
    via = first_show(pdu, "sip.Via")
    if via is not None:
        msg.branch, msg.sent_by = top_via(via)
    for field in pdu.iter("field"):
        name = field.get("name")
        if name in CREDENTIALS and msg.credentials is None:
            params = auth_params(field)
            msg.credentials = (params.get("sip.auth.username"),
                               params.get("sip.auth.realm"),
                               params.get("sip.auth.nonce"))
        elif name in CHALLENGES:
            params = auth_params(field)
            msg.challenges.append(
                (params.get("sip.auth.realm"), params.get("sip.auth.nonce"),
                 (params.get("sip.auth.stale") or "").lower() == "true"))
    return msg


def packet_fields(packet):
    values = {}
    for field in packet.iter("field"):
        name = field.get("name")
        if name in ("frame.number", "frame.time_epoch", "ip.src", "ip.dst",
                    "ipv6.src", "ipv6.dst", "udp.srcport", "udp.dstport",
                    "tcp.srcport", "tcp.dstport") and name not in values:
            values[name] = field.get("show")
    return values


def endpoint(values, side):
    address = values.get("ip." + side) or values.get("ipv6." + side)
    port = values.get("udp." + side + "port") or values.get(
        "tcp." + side + "port")
    return (address, port)


def read_messages(capture, decode_as):
    # Out-of-order TCP segments are held until the hole before them fills,
    # as the receiving stack does: a message belongs to the frame in which
    # the receiver could read it (tshark 4.0's default dissects data after
    # a hole where it first appears, and loses messages it cannot frame).
    command = ["tshark", "-n", "-r", capture, "-T", "pdml", "-Y", "sip",
               "-o", "tcp.reassemble_out_of_order:TRUE"]
    for rule in decode_as:
        command += ["-d", rule]
    with subprocess.Popen(command, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL) as tshark:
        messages = []
        for _, element in ElementTree.iterparse(tshark.stdout):
            if element.tag != "packet":
                continue
            values = packet_fields(element)
            frame = int(values["frame.number"])
            time = float(values["frame.time_epoch"])
            src, dst = endpoint(values, "src"), endpoint(values, "dst")
            for pdu in element.iter("proto"):
                if pdu.get("name") == "sip":
                    msg = message_from_pdu(pdu, frame, time, src, dst)
                    if msg is not None:
                        messages.append(msg)
            element.clear()
    if tshark.returncode != 0:
        sys.exit("sip_oracle: tshark failed on %s" % capture)
    return messages


def capture_last_time(capture):
    out = subprocess.run(["tshark", "-n", "-r", capture, "-T", "fields",
                          "-e", "frame.time_epoch"],
                         capture_output=True, text=True, check=True).stdout
    return max(float(line) for line in out.split())


class Transaction:
    def __init__(self, request):
        self.request = request      # first transmission
        self.responses = []
        self.cancel = None          # first CANCEL for an INVITE


def build_transactions(messages):
    transactions = {}
    order = []
    for msg in messages:
        key = msg.transaction()
        if msg.method is not None:
            if msg.method == "CANCEL":
                invite = transactions.get((msg.branch, msg.sent_by, "INVITE"))
                if invite is not None and invite.cancel is None:
                    invite.cancel = msg
            if key not in transactions:
                transactions[key] = Transaction(msg)
                order.append(transactions[key])
        elif key in transactions:
            transactions[key].responses.append(msg)
    return order


def invite_findings(transactions, timeout, capture_end):
    records = []
    for tx in transactions:
        if tx.request.method != "INVITE":
            continue
        invite = tx.request
        if not tx.responses:
            ended_by, end = ("cancel", tx.cancel) if tx.cancel else (
                "capture_end", None)
            records.append({"type": "unanswered_invite",
                            "call_id": invite.call_id,
                            "invite_frame": invite.frame,
                            "ended_by": ended_by,
                            "end_frame": end.frame if end else None})
            continue
        trying = tx.responses[0]
        if trying.status != 100:
            continue
        after = next((r for r in tx.responses if 101 <= r.status <= 699),
                     None)
        cancel = tx.cancel if tx.cancel and tx.cancel.frame > trying.frame \
            else None
        if after and (cancel is None or after.frame < cancel.frame):
            ended_by = "provisional" if after.status < 200 else "final"
            end, end_time, status = after, after.time, after.status
        elif cancel:
            ended_by, end, end_time, status = ("cancel", cancel, cancel.time,
                                               None)
        else:
            ended_by, end, end_time, status = ("capture_end", None,
                                               capture_end, None)
        if end_time - trying.time <= timeout:
            continue
        records.append({"type": "stuck_invite", "call_id": invite.call_id,
                        "invite_frame": invite.frame,
                        "trying_frame": trying.frame, "ended_by": ended_by,
                        "end_frame": end.frame if end else None,
                        "end_status": status})
    return records


def outcome_of(final):
    if final is None:
        return "no_response"
    if final.status == 403:
        return "forbidden"
    if final.status in AUTH_STATUSES:
        stale = any(stale for _, _, stale in final.challenges)
        return "stale_nonce" if stale else "wrong_credentials"
    return "accepted"


def find_challenge(challenges, request, nonce):
    """The challenge a request with credentials answers: one with its
    nonce, sent before it; from the same call if any, else to the same
    client address, not yet answered if possible; the latest such."""
    earlier = [c for c in challenges
               if c["frame"] < request.frame and nonce in c["nonces"]]
    for choose in (lambda c: c["call_id"] == request.call_id,
                   lambda c: c["client"] == request.src[0]
                   and not c["answered"],
                   lambda c: c["client"] == request.src[0],
                   lambda c: True):
        matching = [c for c in earlier if choose(c)]
        if matching:
            return matching[-1]
    return None


def auth_findings(transactions, responses):
    challenges = []   # one per challenged transaction and status
    seen = set()
    for response in responses:
        if response.status not in AUTH_STATUSES or not response.challenges:
            continue
        key = response.transaction() + (response.status,)
        if key in seen:
            continue      # a retransmission
        seen.add(key)
        challenges.append({
            "frame": response.frame, "status": response.status,
            "call_id": response.call_id, "method": response.cseq_method,
            "client": response.dst[0],
            "realm": response.challenges[0][0],
            "nonces": {nonce for _, nonce, _ in response.challenges},
            "answered": False, "key": response.transaction()})
    records = []
    attempts = set()   # a challenge to an attempt is its result, not new
    for tx in transactions:
        request = tx.request
        if request.credentials is None or request.method == "ACK":
            continue
        username, realm, nonce = request.credentials
        challenge = find_challenge(challenges, request, nonce)
        final = next((r for r in tx.responses if r.status >= 200), None)
        if challenge is not None:
            challenge["answered"] = True
        attempts.add(request.transaction())
        records.append({
            "type": "auth_attempt", "call_id": request.call_id,
            "method": request.method, "username": username, "realm": realm,
            "challenge_frame": challenge["frame"] if challenge else None,
            "challenge_status": challenge["status"] if challenge else None,
            "retry_frame": request.frame,
            "result_frame": final.frame if final else None,
            "result_status": final.status if final else None,
            "outcome": outcome_of(final)})
    for challenge in challenges:
        if challenge["answered"] or challenge["key"] in attempts:
            continue
        records.append({
            "type": "auth_attempt", "call_id": challenge["call_id"],
            "method": challenge["method"], "username": None,
            "realm": challenge["realm"],
            "challenge_frame": challenge["frame"],
            "challenge_status": challenge["status"], "retry_frame": None,
            "result_frame": None, "result_status": None,
            "outcome": "abandoned"})
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trying-timeout", type=float, default=32.0)
    parser.add_argument("--decode-as", action="append", default=[],
                        help="a tshark -d rule, e.g. udp.port==5080,sip")
    parser.add_argument("capture")
    parser.add_argument("name", nargs="?")
    args = parser.parse_args()

    messages = read_messages(args.capture, args.decode_as)
    transactions = build_transactions(messages)
    capture_end = capture_last_time(args.capture)
    header = {"type": "truth",
              "capture": args.name or os.path.basename(args.capture),
              "covers": ["stuck_invite", "unanswered_invite", "auth_attempt",
                         "summary"]}
    records = [header]
    records += invite_findings(transactions, args.trying_timeout,
                               capture_end)
    records += auth_findings(transactions,
                             [m for m in messages if m.status is not None])
    records.append({"type": "summary", "sip_messages": len(messages)})
    for record in records:
        print(json.dumps(record, separators=(",", ":")))


if __name__ == "__main__":
    main()
