/* Values of the headers the parser checks and extracts: Via (RFC 3261
 * §20.42), From/To/Contact (§20.10, §20.20, §20.39), CSeq (§20.16),
 * numeric headers, Date (§20.17) and Call-ID (§20.8). Each parser
 * returns NULL when the value is well formed, else the reason. */
#pragma once

#include "sip/sip_lex.h"
#include "sip/sip_message.h"

/* Every via-parm of one Via header value: *count is increased by their
 * number, and *top (when not NULL) gets the first one (and may have
 * changed when a fault is returned). */
/* Fatal faults are returned; an empty parameter is noted in *violation. */
const Reason *sip_fields_parse_via (SipSpan value, SipVia *top, guint *count,
                                    const Reason **violation);

/* From or To: one name-addr or addr-spec with parameters. Violations
 * that leave the URI and tag delimited (a display name that is not
 * tokens or a quoted string, white space just inside the brackets, an
 * unbracketed URI with '?' or ',') are tolerated: the first goes to
 * *violation (see reason_note_first) and NULL is returned. *out is set
 * when NULL is returned, and may have changed otherwise. */
const Reason *sip_fields_parse_name_addr (SipSpan value, SipNameAddr *out,
                                          const Reason **violation);
/* The same with out->user NONE: the URI's user is not looked for (a To's,
 * which nothing reads; sip_uri_user of out->uri gives it). */
const Reason *sip_fields_parse_name_addr_without_user (
    SipSpan value, SipNameAddr *out, const Reason **violation);

/* Contact: "*" or a comma-separated list of name-addr / addr-spec. The
 * reason is the first violation found, tolerated or not. */
const Reason *sip_fields_check_contact (SipSpan value);

const Reason *sip_fields_parse_cseq (SipSpan value, guint32 *number,
                                     SipSpan *method);

/* 1*DIGIT with optional LWS around; FALSE otherwise. The value
 * saturates at G_MAXUINT64. Inline, like sip_fields_call_id_valid: both
 * run for nearly every message. */
static inline gboolean
sip_fields_parse_number (SipSpan value, guint64 *out)
{
  const char *end = value.ptr + value.len;
  const char *p = sip_lex_skip_lws (value.ptr, end);
  if (sip_lex_scan_uint (&p, end, out) == 0)
    return FALSE;
  return sip_lex_skip_lws (p, end) == end;
}

/* rfc1123-date ends in "GMT" (RFC 3261 §20.17). */
gboolean sip_fields_date_is_gmt (SipSpan value);

/* Non-empty, without white space (callid = word [ "@" word ]). */
static inline gboolean
sip_fields_call_id_valid (SipSpan value)
{
  const char *end = value.ptr + value.len;
  return value.len > 0 && sip_lex_find_lws (value.ptr, end) == end;
}
