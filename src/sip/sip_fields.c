/* Header values per the ABNF of RFC 3261 §25.1: Via (§20.42, via-parm
 * with SWS around "/" ":" ";" ","), name-addr / addr-spec with the rules
 * of §20.10 (a URI holding "," "?" or ";" must be in angle brackets),
 * From/To (§20.20, §20.39), CSeq (§20.16), Date (§20.17), Call-ID
 * (§20.8). RFC 4475 §3.1.2 lists the violations these checks catch. */
#include "sip/sip_fields.h"

#include "sip/sip_lex.h"
#include "sip/sip_uri.h"

#include <string.h>

static REASON_DEFINE (reason_via_malformed, "sip", "malformed via header");
static REASON_DEFINE (reason_via_empty, "sip",
                      "empty via parameter or value");
static REASON_DEFINE (reason_name_addr_malformed, "sip",
                      "malformed name-addr");
static REASON_DEFINE (reason_display_name, "sip",
                      "display name is not tokens or a quoted string");
static REASON_DEFINE (reason_unbalanced_quotes, "sip", "unbalanced quotes");
static REASON_DEFINE (reason_addr_spec_space, "sip",
                      "white space inside angle brackets");
static REASON_DEFINE (reason_unbracketed_uri, "sip",
                      "uri with '?' or ',' outside angle brackets");
static REASON_DEFINE (reason_header_param, "sip",
                      "malformed header parameter");
static REASON_DEFINE (reason_cseq_malformed, "sip", "malformed cseq header");
static REASON_DEFINE (reason_cseq_range, "sip",
                      "cseq number out of range");

/* ---- Via ---------------------------------------------------------------- */

/* p at the literal prefix (";name=", lower case) and then a value that is
 * neither quoted nor preceded by LWS nor empty, in a readable run [base,
 * end): the byte after the value, which goes to *value, as
 * sip_lex_next_param would read it; NULL for anything else. */
#define scan_usual_param(base, p, end, prefix, value) \
  scan_usual_param_n (base, p, end, prefix, sizeof prefix - 1, value)

static inline const char *
scan_usual_param_n (const char *base, const char *p, const char *end,
                    const char *prefix, gsize n, SipSpan *value)
{
  if (end - p <= (gssize) n || !sip_lex_equal_ci (p, n, prefix, n)
      || p[n] == '"' || sip_lex_is_lws (p[n]))
    return NULL;
  const char *v = p + n;
  const char *v_end = sip_lex_find_value_end_in (base, v, end);
  if (v_end == v)
    return NULL;
  *value = (SipSpan){ v, (gsize) (v_end - v) };
  return v_end;
}

/* token SWS "/" SWS: one part of sent-protocol. */
static gboolean
scan_protocol_part (const char **pp, const char *end, SipSpan *part,
                    gboolean slash_follows)
{
  const char *p = sip_lex_skip_lws (*pp, end);
  const char *q = sip_lex_skip_token (p, end);
  if (q == p)
    return FALSE;
  *part = (SipSpan){ p, (gsize) (q - p) };
  if (slash_follows)
    {
      q = sip_lex_skip_lws (q, end);
      if (q == end || *q != '/')
        return FALSE;
      q++;
    }
  *pp = q;
  return TRUE;
}

static gboolean
scan_sent_by (const char **pp, const char *base, const char *end,
              SipVia *via)
{
  const char *p = *pp;
  if (p < end && *p == '[')
    {
      const char *q = p + 1;
      while (q < end && (sip_lex_is (*q, SIP_CHAR_HEX) || *q == ':'
                         || *q == '.'))
        q++;
      if (q == p + 1 || q == end || *q != ']')
        return FALSE;
      via->host = (SipSpan){ p + 1, (gsize) (q - p - 1) };
      p = q + 1;
    }
  else
    {
      const char *q = sip_lex_skip_host_in (base, p, end);
      if (q == p)
        return FALSE;
      via->host = (SipSpan){ p, (gsize) (q - p) };
      p = q;
    }
  const char *q = sip_lex_skip_lws (p, end);
  if (q < end && *q == ':')
    {
      guint64 port;
      p = sip_lex_skip_lws (q + 1, end);
      if (sip_lex_scan_uint (&p, end, &port) == 0 || port > 65535)
        return FALSE;
      via->port = (guint16) port;
    }
  *pp = p;
  return TRUE;
}

/* An empty parameter (";;", a trailing ";": Zoiper sends them, Asterisk
 * copies them into responses) leaves branch and sent-by intact, so it is
 * only noted in *violation. */
static const Reason *
scan_via_parm (const char **pp, const char *base, const char *end,
               SipVia *via, const Reason **violation)
{
  SipSpan name, version;
  const char *p = *pp;
  *via = (SipVia){ SIP_SPAN_NONE, SIP_SPAN_NONE, 0, SIP_SPAN_NONE, FALSE };
  if (end - p >= 8 && sip_lex_equal_ci (p, 8, "sip/2.0/", 8))
    p += 8;  /* the usual spelling, as the general path would read it */
  else if (!scan_protocol_part (&p, end, &name, TRUE)
           || !scan_protocol_part (&p, end, &version, TRUE))
    return &reason_via_malformed;
  if (end - p >= 4 && p[3] == ' ' && sip_lex_is (p[0], SIP_CHAR_TOKEN)
      && sip_lex_is (p[1], SIP_CHAR_TOKEN) && sip_lex_is (p[2], SIP_CHAR_TOKEN))
    {
      /* "UDP ", "TCP ", "TLS ": what scan_protocol_part would find */
      via->transport = (SipSpan){ p, 3 };
      p += 3;
    }
  else if (!scan_protocol_part (&p, end, &via->transport, FALSE))
    return &reason_via_malformed;
  const char *host = sip_lex_skip_lws (p, end);
  if (host == p || !scan_sent_by (&host, base, end, via))
    return &reason_via_malformed;
  p = host;
  for (;;)
    {
      SipParam param;
      const char *next = scan_usual_param (base, p, end, ";branch=",
                                           &via->branch);
      if (next != NULL)
        {
          p = next;
          continue;
        }
      switch (sip_lex_next_param_in (base, &p, end, &param))
        {
        case SIP_PARAM_NONE:
          *pp = p;
          return NULL;
        case SIP_PARAM_EMPTY:
          reason_note_first (violation, &reason_via_empty);
          break;
        case SIP_PARAM_BAD:
          return &reason_via_malformed;
        case SIP_PARAM_OK:
          if (SIP_LEX_SPAN_IS (param.name, "branch"))
            via->branch = param.value;
          break;
        }
    }
}

#ifdef SIP_LEX_SIMD
/* The parameters of [p, end), at most 64 bytes with the 16 before end
 * readable (see sip_lex_simd_mask64), from one classification of the
 * bytes that end a bare value: when each is ";" token or ";" token "="
 * value, the value ending at the next ";" or at end, TRUE, and *value is
 * the value of the last one named as prefix says (prefix is that name
 * and "="; NONE when it has no value, untouched when there is none), as
 * the loop over sip_lex_next_param_in leaves it; FALSE for anything
 * else, and then *value may have changed. */
G_ALWAYS_INLINE static inline gboolean
scan_usual_params_n (const char *p, const char *end, const char *prefix,
                     gsize n, SipSpan *value)
{
  if (p == end)
    return TRUE;
  if (*p != ';' || end - p > 64)
    return FALSE;
  const char *origin = p;
  /* bytes that end a bare value; the first one is the ";" at p */
  guint64 ends = sip_lex_simd_mask64 (p, (gsize) (end - p),
                                      SIP_LEX_SIMD_VALUE_END);
  do
    {
      ends &= ends - 1;
      const char *param = p + 1;
      p = ends != 0 ? origin + __builtin_ctzll (ends) : end;
      if (p - param > (gssize) n && sip_lex_equal_ci (param, n, prefix, n))
        {
          *value = (SipSpan){ param + n, (gsize) (p - param - n) };
          continue;
        }
      const char *name_end = sip_lex_skip_token (param, p);
      SipSpan v = SIP_SPAN_NONE;
      if (name_end == param)
        return FALSE;
      if (name_end < p)
        {
          if (*name_end != '=' || name_end + 1 == p)
            return FALSE;
          v = (SipSpan){ name_end + 1, (gsize) (p - name_end - 1) };
        }
      if (sip_lex_equal_ci (param, (gsize) (name_end - param), prefix,
                            n - 1))
        *value = v;
    }
  while (p < end && *p == ';');
  return p == end;
}

#define scan_usual_params(p, end, prefix, value) \
  scan_usual_params_n (p, end, prefix, sizeof prefix - 1, value)

/* The usual Via value, one via-parm without white space or quotes:
 * "SIP/2.0/" three token bytes SP host [ ":" port ] and usual parameters
 * (scan_usual_params). TRUE when *via is what scan_via_parm finds,
 * without violation, but for branch_plain: TRUE, as scan_usual_params
 * takes no byte below SP; FALSE leaves the value to it. */
static gboolean
parse_usual_via (SipSpan value, SipVia *via)
{
  const char *p = value.ptr;
  const char *end = value.ptr + value.len;
  if (value.len < 16
      || !sip_lex_equal_ci (p, 8, "sip/2.0/", 8) || p[11] != ' '
      || !sip_lex_is (p[8], SIP_CHAR_TOKEN)
      || !sip_lex_is (p[9], SIP_CHAR_TOKEN)
      || !sip_lex_is (p[10], SIP_CHAR_TOKEN))
    return FALSE;
  const char *host = p + 12;
  p = sip_lex_skip_host_in (value.ptr, host, end);
  if (p == host)
    return FALSE;
  *via = (SipVia){ { value.ptr + 8, 3 }, { host, (gsize) (p - host) }, 0,
                   SIP_SPAN_NONE, TRUE };
  if (p < end && *p == ':')
    {
      guint64 port;
      p++;
      if (sip_lex_scan_uint (&p, end, &port) == 0 || port > 65535)
        return FALSE;
      via->port = (guint16) port;
    }
  return scan_usual_params (p, end, "branch=", &via->branch);
}
#endif

/* The general path of sip_fields_parse_via. */
static const Reason *
parse_via_values (SipSpan value, SipVia *top, guint *count,
                  const Reason **violation)
{
  const char *p = value.ptr;
  const char *end = value.ptr + value.len;
  for (guint n = 0;; n++)
    {
      SipVia via;
      p = sip_lex_skip_lws (p, end);
      if (p == end || *p == ',' || *p == ';')
        return n == 0 && p == end ? &reason_via_malformed : &reason_via_empty;
      const Reason *reason = scan_via_parm (&p, value.ptr, end, &via,
                                            violation);
      if (reason != NULL)
        return reason;
      if (n == 0 && top != NULL)
        *top = via;
      (*count)++;
      if (p == end)
        return NULL;
      if (*p != ',')
        return &reason_via_malformed;
      p++;
    }
}

const Reason *
sip_fields_parse_via (SipSpan value, SipVia *top, guint *count,
                      const Reason **violation)
{
#ifdef SIP_LEX_SIMD
  /* should the fast path fail, the general path writes *top or fails */
  SipVia not_top;
  if (parse_usual_via (value, top != NULL ? top : &not_top))
    {
      (*count)++;
      return NULL;
    }
#endif
  return parse_via_values (value, top, count, violation);
}

/* ---- name-addr / addr-spec ---------------------------------------------- */

static gboolean
is_scheme_start (const char *p, const char *end)
{
  if (p == end || !sip_lex_is (*p, SIP_CHAR_ALPHA))
    return FALSE;
  const char *q = sip_lex_skip_class (p, end, SIP_CHAR_SCHEME);
  return q < end && *q == ':';
}

#ifdef SIP_LEX_SIMD
/* The usual "<" "sip:" addr-spec ">" with user at the byte after "sip:":
 * nothing white up to the ">". One pass of 16 bytes at a time over
 * [user, end) (the 16 before end readable, see sip_lex_simd_find) finds
 * the first LWS, other control byte or ">", the last "@" and the first
 * ":" before it; bytes before user that the last block overlaps are
 * masked out. FALSE when that first byte is not a ">", which leaves the
 * URI to the general path. */
G_ALWAYS_INLINE static inline gboolean
scan_sip_bracketed_uri (const char *user, const char *end,
                        const char **close, const char **at,
                        const char **colon)
{
  const char *last = end - 16;
  *at = *colon = NULL;
  for (const char *q = user;; q += 16)
    {
      const char *block = q < last ? q : last;
      guint m_close = sip_lex_simd_mask (block, SIP_LEX_SIMD_LWS_OR_CLOSE);
      guint m_at = sip_lex_simd_mask (block, SIP_LEX_SIMD_AT);
      guint m_colon = sip_lex_simd_mask (block, SIP_LEX_SIMD_COLON);
      if (block < user)
        {
          guint in_uri = ~0u << (user - block);
          m_close &= in_uri;
          m_at &= in_uri;
          m_colon &= in_uri;
        }
      if (m_close != 0)
        {
          guint before = (1u << __builtin_ctz (m_close)) - 1;
          m_at &= before;
          m_colon &= before;
        }
      if (m_at != 0)
        *at = block + 31 - __builtin_clz (m_at);
      if (m_colon != 0 && *colon == NULL)
        *colon = block + __builtin_ctz (m_colon);
      if (m_close != 0)
        {
          *close = block + __builtin_ctz (m_close);
          return **close == '>';
        }
      if (block == last)
        return FALSE;
    }
}

/* sip_uri_user of "sip:" user ... close, given the last "@" and first ":"
 * found by scan_sip_bracketed_uri. */
static SipSpan
sip_uri_user_from (const char *user, const char *at, const char *colon)
{
  if (at == NULL)
    return SIP_SPAN_NONE;
  const char *user_end = colon != NULL && colon < at ? colon : at;
  if (user_end == user)
    return SIP_SPAN_NONE;
  return (SipSpan){ user, (gsize) (user_end - user) };
}

/* A bracketed URI without white space, found by SIMD: TRUE when *uri,
 * *user (when not NULL) and *pp are set as the general path of
 * scan_bracketed_uri would set them. */
G_ALWAYS_INLINE static inline gboolean
scan_bracketed_uri_simd (const char **pp, const char *end, SipSpan *uri,
                         SipSpan *user)
{
  const char *open = *pp + 1;
  const char *close;
  if (user != NULL && end - open >= 4
      && sip_lex_equal_ci (open, 4, "sip:", 4))
    {
      const char *at, *colon;
      if (!scan_sip_bracketed_uri (open + 4, end, &close, &at, &colon))
        return FALSE;
      *user = sip_uri_user_from (open + 4, at, colon);
    }
  else
    {
      close = sip_lex_simd_find (open, end, SIP_LEX_SIMD_LWS_OR_CLOSE);
      if (close == open || close == end || *close != '>')
        return FALSE;
      if (user != NULL)
        *user = sip_uri_user ((SipSpan){ open, (gsize) (close - open) });
    }
  *uri = (SipSpan){ open, (gsize) (close - open) };
  *pp = close + 1;
  return TRUE;
}
#endif

/* "<" addr-spec ">" with p at "<": nothing white inside (RFC 4475
 * §3.1.2.7 badaspec). White space just inside the brackets is trimmed
 * and tolerated; white space within the URI is not. *user, when not
 * NULL, gets sip_uri_user of the URI. */
static const Reason *
scan_bracketed_uri (const char **pp, const char *base, const char *end,
                    SipSpan *uri, SipSpan *user, const Reason **violation)
{
  const char *open = *pp + 1;
#ifdef SIP_LEX_SIMD
  if (end - base >= 16 && scan_bracketed_uri_simd (pp, end, uri, user))
    return NULL;
#endif
  const char *close = memchr (open, '>', (gsize) (end - open));
  if (close == NULL)
    return &reason_name_addr_malformed;
  const char *start = sip_lex_skip_lws (open, close);
  const char *stop = close;
  while (stop > start && sip_lex_is (stop[-1], SIP_CHAR_LWS))
    stop--;
  if (start == stop)
    return &reason_name_addr_malformed;
  if (sip_lex_find_lws (start, stop) != stop)
    return &reason_addr_spec_space;
  if (start != open || stop != close)
    reason_note_first (violation, &reason_addr_spec_space);
  *uri = (SipSpan){ start, (gsize) (stop - start) };
  if (user != NULL)
    *user = sip_uri_user (*uri);
  *pp = close + 1;
  return NULL;
}

/* An addr-spec outside brackets ends at LWS, ";" or the end; in a list a
 * "," also ends it. A "?" or "," inside it (§20.10) is tolerated since
 * the URI is still delimited. */
static const Reason *
scan_bare_uri (const char **pp, const char *end, gboolean in_list,
               SipSpan *uri, SipSpan *user, const Reason **violation)
{
  const char *start = *pp;
  const char *p = start;
  for (; p < end && !sip_lex_is (*p, SIP_CHAR_LWS) && *p != ';'; p++)
    {
      if (*p == ',' && in_list)
        break;
      if (*p == '?' || *p == ',')
        reason_note_first (violation, &reason_unbracketed_uri);
    }
  *uri = (SipSpan){ start, (gsize) (p - start) };
  if (user != NULL)
    *user = sip_uri_user (*uri);
  *pp = p;
  return NULL;
}

/* *(token LWS); bytes of UTF-8 are tolerated too, since phones send
 * unquoted non-ASCII names. */
static gboolean
display_name_char (char c)
{
  return sip_lex_is (c, SIP_CHAR_TOKEN | SIP_CHAR_LWS) || (guint8) c >= 0x80;
}

/* Display name (quoted-string or *(token LWS)) and the URI. Another
 * display name before a "<" is tolerated: the URI starts at that "<". */
static const Reason *
scan_addr (const char **pp, const char *base, const char *end,
           gboolean in_list, SipSpan *uri, SipSpan *user,
           const Reason **violation)
{
  const char *p = sip_lex_skip_lws (*pp, end);
  if (p == end)
    return &reason_name_addr_malformed;
  if (*p == '"')
    {
      p = sip_lex_skip_quoted_in (base, p, end);
      if (p == NULL)
        return &reason_unbalanced_quotes;
      p = sip_lex_skip_lws (p, end);
      if (p == end || *p != '<')
        return &reason_name_addr_malformed;
    }
  else if (*p != '<')
    {
      const char *q = p;
      while (q < end && display_name_char (*q))
        q++;
      if (q == end || *q != '<')
        {
          if (is_scheme_start (p, end))
            {
              *pp = p;
              return scan_bare_uri (pp, end, in_list, uri, user, violation);
            }
          const char *open = memchr (q, '<', (gsize) (end - q));
          if (open == NULL)
            return memchr (q, '"', (gsize) (end - q)) != NULL
                     ? &reason_unbalanced_quotes
                     : &reason_name_addr_malformed;
          reason_note_first (violation, &reason_display_name);
          q = open;
        }
      p = q;
    }
  *pp = p;
  return scan_bracketed_uri (pp, base, end, uri, user, violation);
}

/* The parameters after a name-addr or addr-spec (in a list, up to the
 * ","): *tag gets the value of the last "tag" (NONE without one). */
static const Reason *
scan_addr_params (const char **pp, const char *base, const char *end,
                  gboolean in_list, SipSpan *tag)
{
  const char *p = *pp;
  *tag = SIP_SPAN_NONE;
  for (;;)
    {
      SipParam param;
      const char *next = scan_usual_param (base, p, end, ";tag=", tag);
      if (next != NULL)
        {
          p = next;
          continue;
        }
      switch (sip_lex_next_param_in (base, &p, end, &param))
        {
        case SIP_PARAM_NONE:
          if (p < end && !(in_list && *p == ','))
            return &reason_name_addr_malformed;
          *pp = p;
          return NULL;
        case SIP_PARAM_EMPTY:
        case SIP_PARAM_BAD:
          return &reason_header_param;
        case SIP_PARAM_OK:
          if (SIP_LEX_SPAN_IS (param.name, "tag"))
            *tag = param.value;
          break;
        }
    }
}

static const Reason *
scan_name_addr (const char **pp, const char *base, const char *end,
                gboolean in_list, SipNameAddr *out, SipSpan *user,
                const Reason **violation)
{
  const char *p = *pp;
  const Reason *reason = scan_addr (&p, base, end, in_list, &out->uri, user,
                                    violation);
  if (reason != NULL)
    return reason;
#ifdef SIP_LEX_SIMD
  out->tag = SIP_SPAN_NONE;
  if (end - base >= 16 && scan_usual_params (p, end, "tag=", &out->tag))
    {
      *pp = end;
      return NULL;
    }
#endif
  *pp = p;
  return scan_addr_params (pp, base, end, in_list, &out->tag);
}

#ifdef SIP_LEX_SIMD
/* "<" URI ">" at p without white space, then usual parameters or none,
 * in a value of at least 16 bytes that ends at end: TRUE when
 * scan_name_addr would find *uri, *user (when not NULL) and *tag so,
 * without violation; FALSE leaves the value to it. */
G_ALWAYS_INLINE static inline gboolean
scan_usual_bracketed_addr (const char *p, const char *end, SipSpan *uri,
                           SipSpan *user, SipSpan *tag)
{
  *tag = SIP_SPAN_NONE;
  return p < end && *p == '<'
         && scan_bracketed_uri_simd (&p, end, uri, user)
         && scan_usual_params (p, end, "tag=", tag);
}

/* The usual From or To value: a quoted display name or none before the
 * usual bracketed address; the URI's user into out->user when with_user,
 * which is left alone otherwise. */
G_ALWAYS_INLINE static inline gboolean
parse_usual_name_addr (SipSpan value, SipNameAddr *out, gboolean with_user)
{
  const char *p = value.ptr;
  const char *end = value.ptr + value.len;
  if (value.len < 16)
    return FALSE;
  if (*p == '"')
    {
      p = sip_lex_skip_quoted_in (value.ptr, p, end);
      if (p == NULL)
        return FALSE;
      p = sip_lex_skip_lws (p, end);
    }
  return scan_usual_bracketed_addr (p, end, &out->uri,
                                    with_user ? &out->user : NULL,
                                    &out->tag);
}
#endif

/* The general path of sip_fields_parse_name_addr, and without with_user
 * of sip_fields_parse_name_addr_without_user. */
static const Reason *
parse_name_addr (SipSpan value, SipNameAddr *out, gboolean with_user,
                 const Reason **violation)
{
  const char *p = value.ptr;
  SipSpan user = SIP_SPAN_NONE;
  const Reason *reason = scan_name_addr (&p, value.ptr,
                                         value.ptr + value.len, FALSE, out,
                                         with_user ? &user : NULL,
                                         violation);
  if (reason == NULL)
    out->user = user;
  return reason;
}

/* The fast path, else the general one; with_user a constant, so that
 * each caller has the URI's user looked for or not. A fast path that
 * fails may have written part of *out: the general path writes it again,
 * or fails too. */
G_ALWAYS_INLINE static inline const Reason *
parse_name_addr_by_paths (SipSpan value, SipNameAddr *out,
                          gboolean with_user, const Reason **violation)
{
#ifdef SIP_LEX_SIMD
  if (!with_user)
    out->user = SIP_SPAN_NONE;
  if (parse_usual_name_addr (value, out, with_user))
    return NULL;
#endif
  return parse_name_addr (value, out, with_user, violation);
}

const Reason *
sip_fields_parse_name_addr (SipSpan value, SipNameAddr *out,
                            const Reason **violation)
{
  return parse_name_addr_by_paths (value, out, TRUE, violation);
}

const Reason *
sip_fields_parse_name_addr_without_user (SipSpan value, SipNameAddr *out,
                                         const Reason **violation)
{
  return parse_name_addr_by_paths (value, out, FALSE, violation);
}

/* The usual Contact value, "<" URI ">" with nothing white inside and
 * usual parameters or none, in which scan_name_addr finds nothing to
 * report. */
static gboolean
is_usual_contact (SipSpan v)
{
#ifdef SIP_LEX_SIMD
  if (v.len >= 16)
    {
      SipSpan uri, tag;
      return scan_usual_bracketed_addr (v.ptr, v.ptr + v.len, &uri, NULL,
                                        &tag);
    }
#endif
  if (v.len < 3 || v.ptr[0] != '<' || v.ptr[v.len - 1] != '>')
    return FALSE;
  const char *open = v.ptr + 1;
  const char *close = v.ptr + v.len - 1;
  return memchr (open, '>', (gsize) (close - open)) == NULL
         && sip_lex_find_lws (open, close) == close;
}

/* The general path of sip_fields_check_contact, for a trimmed value. */
static const Reason *
check_contact_list (SipSpan v)
{
  if (v.len == 0 || (v.len == 1 && v.ptr[0] == '*'))
    return NULL;
  const char *p = v.ptr;
  const char *end = v.ptr + v.len;
  const Reason *violation = NULL;
  for (;;)
    {
      SipNameAddr contact;
      const Reason *reason = scan_name_addr (&p, v.ptr, end, TRUE, &contact,
                                             NULL, &violation);
      if (reason != NULL)
        return violation != NULL ? violation : reason;
      if (p == end)
        return violation;
      p++;  /* the "," */
    }
}

const Reason *
sip_fields_check_contact (SipSpan value)
{
  SipSpan v = sip_lex_trim (value);
  return is_usual_contact (v) ? NULL : check_contact_list (v);
}

/* ---- CSeq, numbers, Date, Call-ID --------------------------------------- */

const Reason *
sip_fields_parse_cseq (SipSpan value, guint32 *number, SipSpan *method)
{
  const char *end = value.ptr + value.len;
  const char *p = sip_lex_skip_lws (value.ptr, end);
  guint64 n;
  if (sip_lex_scan_uint (&p, end, &n) == 0)
    return &reason_cseq_malformed;
  if (n > G_MAXUINT32)
    return &reason_cseq_range;
  const char *m = sip_lex_skip_lws (p, end);
  const char *m_end = sip_lex_skip_token (m, end);
  if (m == p || m_end == m || sip_lex_skip_lws (m_end, end) != end)
    return &reason_cseq_malformed;
  *number = (guint32) n;
  *method = (SipSpan){ m, (gsize) (m_end - m) };
  return NULL;
}

gboolean
sip_fields_date_is_gmt (SipSpan value)
{
  SipSpan v = sip_lex_trim (value);
  if (v.len < 4)
    return FALSE;
  SipSpan zone = { v.ptr + v.len - 3, 3 };
  return sip_lex_is (v.ptr[v.len - 4], SIP_CHAR_LWS)
         && SIP_LEX_SPAN_IS (zone, "gmt");
}
