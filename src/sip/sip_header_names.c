/* Header name lookup: RFC 3261 §7.3.1 (case-insensitive names), §7.3.3
 * and §20 (compact forms), plus the compact forms later RFCs assigned:
 * o/u (RFC 6665), r (RFC 3515), b (RFC 3892), j/a/d (RFC 3841),
 * y (RFC 4474), x (RFC 4028). */
#include "sip/sip_header_names.h"

#include "sip/sip_lex.h"

#include <string.h>

static SipHeaderId
compact_form (char c)
{
  switch (sip_lex_lower (c))
    {
    case 'i': return SIP_HEADER_CALL_ID;
    case 'm': return SIP_HEADER_CONTACT;
    case 'e': return SIP_HEADER_CONTENT_ENCODING;
    case 'l': return SIP_HEADER_CONTENT_LENGTH;
    case 'c': return SIP_HEADER_CONTENT_TYPE;
    case 'f': return SIP_HEADER_FROM;
    case 's': return SIP_HEADER_SUBJECT;
    case 'k': return SIP_HEADER_SUPPORTED;
    case 't': return SIP_HEADER_TO;
    case 'v': return SIP_HEADER_VIA;
    case 'o': return SIP_HEADER_EVENT;
    case 'u': return SIP_HEADER_ALLOW_EVENTS;
    case 'r': return SIP_HEADER_REFER_TO;
    case 'b': return SIP_HEADER_REFERRED_BY;
    case 'j': return SIP_HEADER_REJECT_CONTACT;
    case 'y': return SIP_HEADER_IDENTITY;
    case 'x': return SIP_HEADER_SESSION_EXPIRES;
    case 'a': return SIP_HEADER_ACCEPT_CONTACT;
    case 'd': return SIP_HEADER_REQUEST_DISPOSITION;
    default: return SIP_HEADER_OTHER;
    }
}

#define NAME_IS(lower, id) \
  if (sip_lex_equal_ci (name, len, lower, len)) \
    return id

static SipHeaderId
full_name (const char *name, gsize len)
{
  switch (len)
    {
    case 2:
      NAME_IS ("to", SIP_HEADER_TO);
      break;
    case 3:
      NAME_IS ("via", SIP_HEADER_VIA);
      break;
    case 4:
      NAME_IS ("from", SIP_HEADER_FROM);
      NAME_IS ("cseq", SIP_HEADER_CSEQ);
      NAME_IS ("date", SIP_HEADER_DATE);
      break;
    case 5:
      NAME_IS ("route", SIP_HEADER_ROUTE);
      NAME_IS ("event", SIP_HEADER_EVENT);
      break;
    case 6:
      NAME_IS ("server", SIP_HEADER_SERVER);
      break;
    case 7:
      NAME_IS ("call-id", SIP_HEADER_CALL_ID);
      NAME_IS ("contact", SIP_HEADER_CONTACT);
      NAME_IS ("expires", SIP_HEADER_EXPIRES);
      NAME_IS ("subject", SIP_HEADER_SUBJECT);
      break;
    case 8:
      NAME_IS ("identity", SIP_HEADER_IDENTITY);
      NAME_IS ("refer-to", SIP_HEADER_REFER_TO);
      break;
    case 9:
      NAME_IS ("supported", SIP_HEADER_SUPPORTED);
      break;
    case 10:
      NAME_IS ("user-agent", SIP_HEADER_USER_AGENT);
      break;
    case 11:
      NAME_IS ("referred-by", SIP_HEADER_REFERRED_BY);
      break;
    case 12:
      NAME_IS ("max-forwards", SIP_HEADER_MAX_FORWARDS);
      NAME_IS ("content-type", SIP_HEADER_CONTENT_TYPE);
      NAME_IS ("record-route", SIP_HEADER_RECORD_ROUTE);
      NAME_IS ("allow-events", SIP_HEADER_ALLOW_EVENTS);
      break;
    case 13:
      NAME_IS ("authorization", SIP_HEADER_AUTHORIZATION);
      break;
    case 14:
      NAME_IS ("content-length", SIP_HEADER_CONTENT_LENGTH);
      NAME_IS ("accept-contact", SIP_HEADER_ACCEPT_CONTACT);
      NAME_IS ("reject-contact", SIP_HEADER_REJECT_CONTACT);
      break;
    case 15:
      NAME_IS ("session-expires", SIP_HEADER_SESSION_EXPIRES);
      break;
    case 16:
      NAME_IS ("www-authenticate", SIP_HEADER_WWW_AUTHENTICATE);
      NAME_IS ("content-encoding", SIP_HEADER_CONTENT_ENCODING);
      break;
    case 18:
      NAME_IS ("proxy-authenticate", SIP_HEADER_PROXY_AUTHENTICATE);
      break;
    case 19:
      NAME_IS ("proxy-authorization", SIP_HEADER_PROXY_AUTHORIZATION);
      NAME_IS ("request-disposition", SIP_HEADER_REQUEST_DISPOSITION);
      break;
    default:
      break;
    }
  return SIP_HEADER_OTHER;
}

SipHeaderId
sip_header_id_from_name (const char *name, gsize len)
{
  if (len == 1)
    return compact_form (name[0]);
  return full_name (name, len);
}
