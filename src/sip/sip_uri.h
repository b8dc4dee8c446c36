/* The little of URIs the parser needs (RFC 3261 §19.1, §25.1; RFC 3966
 * for tel): the user part, and the checks a Request-URI must pass. */
#pragma once

#include "sip/sip_span.h"
#include "util/reason.h"

/* User part of a sip, sips or tel URI (without password or tel
 * parameters); NONE for other schemes or when there is none. */
SipSpan sip_uri_user (SipSpan uri);

/* NULL when the Request-URI is acceptable (§25.1: not in angle brackets;
 * a valid hostport for sip and sips), else why not. Headers in a sip or
 * sips Request-URI (forbidden by RFC 3261 §19.1.5) are tolerated: they
 * go to *violation (see reason_note_first) and the hostport before them
 * is still checked. */
const Reason *sip_uri_check_request_uri (SipSpan uri,
                                         const Reason **violation);
