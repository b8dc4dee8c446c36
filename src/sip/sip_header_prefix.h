/* The header names most messages carry, followed by ":", matched at once
 * (RFC 3261 §7.3.1: in any case). */
#pragma once

#include "sip/sip_lex.h"
#include "sip/sip_message.h"

#include <string.h>

/* The most bytes sip_header_match_prefix reads. */
#define SIP_HEADER_PREFIX_MAX 24

#define SIP_HEADER_PREFIX(name, header_id) \
  if (avail >= sizeof name \
      && sip_lex_equal_ci (p, sizeof name, name ":", sizeof name)) \
    { \
      *id = header_id; \
      *name_len = sizeof name - 1; \
      return TRUE; \
    }

/* A shortcut for the general path (token, optional white space, ":",
 * sip_header_id_from_name): TRUE when p starts with one of the names
 * most messages carry, in any case, and a ":" right after it; *id and
 * *name_len are then set. avail bytes from p are readable, at least one;
 * with avail at SIP_HEADER_PREFIX_MAX the compiler drops the length
 * checks. Always inline: it runs for every header line, from two calls. */
G_ALWAYS_INLINE static inline gboolean
sip_header_match_prefix (const char *p, gsize avail, SipHeaderId *id,
                         gsize *name_len)
{
  /* the most frequent first; names without an id of their own are here
     so that they skip the general path */
  switch (p[0] | 0x20)
    {
    case 'a':
      SIP_HEADER_PREFIX ("authorization", SIP_HEADER_AUTHORIZATION);
      SIP_HEADER_PREFIX ("allow", SIP_HEADER_OTHER);
      SIP_HEADER_PREFIX ("accept", SIP_HEADER_OTHER);
      break;
    case 'c':
      SIP_HEADER_PREFIX ("call-id", SIP_HEADER_CALL_ID);
      SIP_HEADER_PREFIX ("cseq", SIP_HEADER_CSEQ);
      SIP_HEADER_PREFIX ("content-length", SIP_HEADER_CONTENT_LENGTH);
      SIP_HEADER_PREFIX ("contact", SIP_HEADER_CONTACT);
      SIP_HEADER_PREFIX ("content-type", SIP_HEADER_CONTENT_TYPE);
      break;
    case 'd':
      SIP_HEADER_PREFIX ("date", SIP_HEADER_DATE);
      break;
    case 'e':
      SIP_HEADER_PREFIX ("expires", SIP_HEADER_EXPIRES);
      SIP_HEADER_PREFIX ("event", SIP_HEADER_EVENT);
      break;
    case 'f':
      SIP_HEADER_PREFIX ("from", SIP_HEADER_FROM);
      break;
    case 'm':
      SIP_HEADER_PREFIX ("max-forwards", SIP_HEADER_MAX_FORWARDS);
      break;
    case 'p':
      SIP_HEADER_PREFIX ("proxy-authorization", SIP_HEADER_PROXY_AUTHORIZATION);
      SIP_HEADER_PREFIX ("proxy-authenticate", SIP_HEADER_PROXY_AUTHENTICATE);
      break;
    case 'r':
      SIP_HEADER_PREFIX ("record-route", SIP_HEADER_RECORD_ROUTE);
      SIP_HEADER_PREFIX ("route", SIP_HEADER_ROUTE);
      SIP_HEADER_PREFIX ("require", SIP_HEADER_OTHER);
      break;
    case 's':
      SIP_HEADER_PREFIX ("server", SIP_HEADER_SERVER);
      SIP_HEADER_PREFIX ("supported", SIP_HEADER_SUPPORTED);
      break;
    case 't':
      SIP_HEADER_PREFIX ("to", SIP_HEADER_TO);
      break;
    case 'u':
      SIP_HEADER_PREFIX ("user-agent", SIP_HEADER_USER_AGENT);
      break;
    case 'v':
      SIP_HEADER_PREFIX ("via", SIP_HEADER_VIA);
      break;
    case 'w':
      SIP_HEADER_PREFIX ("www-authenticate", SIP_HEADER_WWW_AUTHENTICATE);
      break;
    default:
      break;
    }
  return FALSE;
}

#undef SIP_HEADER_PREFIX
