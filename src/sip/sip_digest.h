/* Digest challenges and credentials (RFC 3261 §22.4, §25.1; RFC 7616 §3.3
 * and §3.4; RFC 8760 for several challenges in one response). */
#pragma once

#include "sip/sip_lex.h"
#include "sip/sip_message.h"

/* One challenge (WWW-/Proxy-Authenticate) or one set of credentials
 * (Authorization, Proxy-Authorization). Quoted values are the inside of
 * the quotes with escapes still in place (copy with
 * sip_span_dup_unescaped). */
typedef struct {
  SipSpan scheme;       /* "Digest", or another scheme */
  SipSpan realm, nonce, opaque, algorithm, qop, stale;
  SipSpan username, uri, response, cnonce, nc;
  gboolean stale_true;  /* stale=true, case-insensitive */
} SipDigest;

/* Called once per challenge or credentials in a header value; return
 * FALSE to stop. */
typedef gboolean (*SipDigestFunc) (const SipDigest *digest, gpointer data);

/* Parses a header value that may hold several challenges separated by
 * commas ("Digest realm=..., nonce=..., Digest realm=..."). Returns FALSE
 * when the value is malformed (what was parsed before was still given). */
gboolean sip_digest_parse (SipSpan value, SipDigestFunc func, gpointer data);

/* Inline: every challenge and set of credentials asks. */
static inline gboolean
sip_digest_is_digest (const SipDigest *digest)
{
  return SIP_LEX_SPAN_IS (digest->scheme, "digest");
}
