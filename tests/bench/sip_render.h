/* The text of one SIP message of a session (RFC 3261: Via with a
 * z9hG4bK branch, From and To tags, Call-ID, CSeq, Max-Forwards, Contact,
 * an exact Content-Length; Digest challenges and credentials with realm,
 * nonce, uri, response, qop=auth, nc and cnonce), rendered from the
 * session's state alone: the same state gives the same bytes. */
#pragma once

#include "session.h"

enum { SIP_RENDER_MAX = 8192 };

/* Writes msg into out (SIP_RENDER_MAX bytes); returns its length. */
gsize sip_render (const Session *session, SipMsgKind msg, char *out);
