/* SIP message parsing: start line (RFC 3261 §7.1, §7.2, §25.1),
 * header lines with folding and compact names (§7.3), required headers
 * (§8.1.1), datagram framing by Content-Length (§18.3, §20.14), and the
 * rejections RFC 4475 §3.1.2 and §3.3 ask of a receiver. Leading CRLFs
 * before the start line are skipped (§7.5). Violations that leave what
 * the analysis uses intact are tolerated and recorded in msg->violation,
 * as a passive analyzer (like Wireshark) must still read such messages. */
#include "sip/sip_message.h"

#include "sip/sip_fields.h"
#include "sip/sip_header_names.h"
#include "sip/sip_header_prefix.h"
#include "sip/sip_lex.h"
#include "sip/sip_uri.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define SIP_PARSER_MAX_HEADERS 1024
#define SIP_PARSER_MAX_HEADER_BYTES 65536
#define SIP_PARSER_INITIAL_HEADERS 32

static REASON_DEFINE (reason_status_line, "sip", "malformed status line");
static REASON_DEFINE (reason_status_code, "sip", "bad status code");
static REASON_DEFINE (reason_version, "sip", "unsupported sip version");
static REASON_DEFINE (reason_request_line, "sip", "malformed request line");
static REASON_DEFINE (reason_method, "sip", "bad method");
static REASON_DEFINE (reason_request_line_space, "sip",
                      "extra white space in request line");
static REASON_DEFINE (reason_request_uri_space, "sip",
                      "white space in request-uri");
static REASON_DEFINE (reason_request_line_trailing, "sip",
                      "trailing white space in request line");
static REASON_DEFINE (reason_unterminated, "sip",
                      "header section not terminated");
static REASON_DEFINE (reason_no_empty_line, "sip",
                      "no empty line after the header section");
static REASON_DEFINE (reason_too_large, "sip", "header section too large");
static REASON_DEFINE (reason_too_many, "sip", "too many header lines");
static REASON_DEFINE (reason_header_line, "sip", "malformed header line");
static REASON_DEFINE (reason_orphan_continuation, "sip",
                      "continuation line without header");
static REASON_DEFINE (reason_call_id, "sip", "malformed call-id header");
static REASON_DEFINE (reason_content_length, "sip", "bad content-length");
static REASON_DEFINE (reason_max_forwards, "sip", "bad max-forwards");
static REASON_DEFINE (reason_date, "sip", "date not in gmt");
static REASON_DEFINE (reason_conflict_call_id, "sip",
                      "conflicting call-id headers");
static REASON_DEFINE (reason_conflict_cseq, "sip", "conflicting cseq headers");
static REASON_DEFINE (reason_conflict_from, "sip", "conflicting from headers");
static REASON_DEFINE (reason_conflict_to, "sip", "conflicting to headers");
static REASON_DEFINE (reason_conflict_content_length, "sip",
                      "conflicting content-length headers");
static REASON_DEFINE (reason_conflict_max_forwards, "sip",
                      "conflicting max-forwards headers");
static REASON_DEFINE (reason_missing_call_id, "sip",
                      "missing call-id header");
static REASON_DEFINE (reason_missing_cseq, "sip", "missing cseq header");
static REASON_DEFINE (reason_missing_from, "sip", "missing from header");
static REASON_DEFINE (reason_missing_to, "sip", "missing to header");
static REASON_DEFINE (reason_missing_via, "sip", "missing via header");
static REASON_DEFINE (reason_cseq_method, "sip",
                      "cseq method does not match request method");
static REASON_DEFINE (reason_body_short, "sip",
                      "body shorter than content-length");

struct _SipParser {
  SipHeader *headers;
  guint capacity;
  gboolean general_only;  /* tests: never the fast paths */
};

SipParser *
sip_parser_new (void)
{
  SipParser *parser = g_new0 (SipParser, 1);
  parser->capacity = SIP_PARSER_INITIAL_HEADERS;
  parser->headers = g_new (SipHeader, parser->capacity);
  return parser;
}

void
sip_parser_set_general_only (SipParser *parser, gboolean general_only)
{
  parser->general_only = general_only;
}

void
sip_parser_free (SipParser *parser)
{
  if (parser == NULL)
    return;
  g_free (parser->headers);
  g_free (parser);
}

/* ---- Methods ------------------------------------------------------------ */

static const char *const method_names[] = {
  [SIP_METHOD_OTHER] = "OTHER",
  [SIP_METHOD_INVITE] = "INVITE",
  [SIP_METHOD_ACK] = "ACK",
  [SIP_METHOD_CANCEL] = "CANCEL",
  [SIP_METHOD_BYE] = "BYE",
  [SIP_METHOD_REGISTER] = "REGISTER",
  [SIP_METHOD_OPTIONS] = "OPTIONS",
  [SIP_METHOD_SUBSCRIBE] = "SUBSCRIBE",
  [SIP_METHOD_NOTIFY] = "NOTIFY",
  [SIP_METHOD_PUBLISH] = "PUBLISH",
  [SIP_METHOD_MESSAGE] = "MESSAGE",
  [SIP_METHOD_INFO] = "INFO",
  [SIP_METHOD_PRACK] = "PRACK",
  [SIP_METHOD_UPDATE] = "UPDATE",
  [SIP_METHOD_REFER] = "REFER",
};

/* The n bytes at s (3 to 16) equal those of the literal lit: two
 * overlapping words of constant size, which memcmp is not always made
 * into. */
G_ALWAYS_INLINE static inline gboolean
equal_bytes (const char *s, const char *lit, gsize n)
{
  if (n >= 8)
    return sip_lex_load8 (s) == sip_lex_load8 (lit)
           && sip_lex_load8 (s + n - 8) == sip_lex_load8 (lit + n - 8);
  if (n >= 4)
    {
      guint32 a0, a1, b0, b1;
      memcpy (&a0, s, 4);
      memcpy (&a1, s + n - 4, 4);
      memcpy (&b0, lit, 4);
      memcpy (&b1, lit + n - 4, 4);
      return a0 == b0 && a1 == b1;
    }
  guint16 a0, a1, b0, b1;
  memcpy (&a0, s, 2);
  memcpy (&a1, s + n - 2, 2);
  memcpy (&b0, lit, 2);
  memcpy (&b1, lit + n - 2, 2);
  return a0 == b0 && a1 == b1;
}

/* Methods are case-sensitive (RFC 3261 §7.1). Inline for the fast
 * paths. */
G_ALWAYS_INLINE static inline SipMethod
method_from_name (const char *name, gsize len)
{
#define METHOD(m) \
  if (equal_bytes (name, #m, sizeof #m - 1)) \
    return SIP_METHOD_##m
  switch (len)
    {
    case 3:
      METHOD (ACK);
      METHOD (BYE);
      break;
    case 4:
      METHOD (INFO);
      break;
    case 5:
      METHOD (PRACK);
      METHOD (REFER);
      break;
    case 6:
      METHOD (INVITE);
      METHOD (CANCEL);
      METHOD (NOTIFY);
      METHOD (UPDATE);
      break;
    case 7:
      METHOD (OPTIONS);
      METHOD (PUBLISH);
      METHOD (MESSAGE);
      break;
    case 8:
      METHOD (REGISTER);
      break;
    case 9:
      METHOD (SUBSCRIBE);
      break;
    default:
      break;
    }
  return SIP_METHOD_OTHER;
#undef METHOD
}

SipMethod
sip_method_from_span (SipSpan name)
{
  if (name.ptr == NULL)
    return SIP_METHOD_OTHER;
  return method_from_name (name.ptr, name.len);
}

const char *
sip_method_name (SipMethod method)
{
  if ((guint) method >= G_N_ELEMENTS (method_names))
    return method_names[SIP_METHOD_OTHER];
  return method_names[method];
}

const SipHeader *
sip_message_find_header (const SipMessage *msg, SipHeaderId id, guint nth)
{
  for (guint i = 0; i < msg->n_headers; i++)
    if (msg->headers[i].id == id && nth-- == 0)
      return &msg->headers[i];
  return NULL;
}

/* ---- Start line --------------------------------------------------------- */

static gboolean
is_sp_or_tab (char c)
{
  return c == ' ' || c == '\t';
}

/* "SIP/" 1*DIGIT "." 1*DIGIT, the "SIP" in any case (RFC 3261 §7.1). */
static gboolean
looks_like_version (const char *p, const char *end)
{
  if (end - p < 4 || !sip_lex_equal_ci (p, 4, "sip/", 4))
    return FALSE;
  guint64 unused;
  p += 4;
  if (sip_lex_scan_uint (&p, end, &unused) == 0 || p == end || *p != '.')
    return FALSE;
  p++;
  return sip_lex_scan_uint (&p, end, &unused) > 0 && p == end;
}

static gboolean
is_version_2_0 (const char *p, const char *end)
{
  return sip_lex_equal_ci (p, (gsize) (end - p), "sip/2.0", 7);
}

static void
set_status (SipMessage *msg, guint code, SipSpan reason_phrase)
{
  msg->is_request = FALSE;
  msg->method = SIP_METHOD_OTHER;
  msg->method_name = SIP_SPAN_NONE;
  msg->request_uri = SIP_SPAN_NONE;
  msg->status_code = code;
  msg->reason_phrase = reason_phrase;
}

/* "SIP/2.0 " 3DIGIT SP, the usual start of a status line: its code, or 0
 * for another start. */
static guint
usual_status_code (const char *p, const char *end)
{
  if (end - p < 12 || !sip_lex_equal_ci (p, 8, "sip/2.0 ", 8) || p[11] != ' ')
    return 0;
  guint hundreds = (guint8) (p[8] - '0');
  guint tens = (guint8) (p[9] - '0');
  guint ones = (guint8) (p[10] - '0');
  if (hundreds > 9 || tens > 9 || ones > 9)
    return 0;
  return hundreds * 100 + tens * 10 + ones;
}

static const Reason *
parse_status_line (const char *p, const char *end, SipMessage *msg)
{
  guint usual = usual_status_code (p, end);
  if (usual >= 100 && usual <= 699)
    {
      set_status (msg, usual, (SipSpan){ p + 12, (gsize) (end - p - 12) });
      return NULL;
    }
  const char *v_end = p;
  if (end - p >= 8 && sip_lex_equal_ci (p, 8, "sip/2.0 ", 8))
    v_end = p + 7;  /* the usual version, where the loop would stop */
  else
    while (v_end < end && *v_end != ' ')
      v_end++;
  if (!is_version_2_0 (p, v_end))
    return looks_like_version (p, v_end) ? &reason_version
                                         : &reason_status_line;
  if (v_end == end)
    return &reason_status_line;
  const char *code = v_end + 1;
  const char *q = code;
  guint64 status;
  if (sip_lex_scan_uint (&q, end, &status) != 3 || status < 100
      || status > 699)
    return q == code ? &reason_status_line : &reason_status_code;
  SipSpan reason_phrase;
  if (q == end)  /* tolerated: no SP before an empty Reason-Phrase */
    reason_phrase = (SipSpan){ q, 0 };
  else if (*q == ' ')
    reason_phrase = (SipSpan){ q + 1, (gsize) (end - q - 1) };
  else
    return &reason_status_code;
  set_status (msg, (guint) status, reason_phrase);
  return NULL;
}

/* The line ends with SP "SIP/x.y" (maybe followed by white space): a SIP
 * request line, valid or not. */
static const char *
find_request_version (const char *p, const char *end)
{
  /* the usual ending, as the general path would read it */
  if (end - p >= 9 && sip_lex_equal_ci (end - 8, 8, " sip/2.0", 8))
    return end - 7;
  const char *e = end;
  while (e > p && is_sp_or_tab (e[-1]))
    e--;
  const char *v = e;
  while (v > p && v[-1] != ' ')
    v--;
  if (v == p || !looks_like_version (v, e))
    return NULL;
  return v;
}

/* The rest of a request line [p, version + 7) once its method,
 * [p, m_end) and followed by SP, is known. */
G_ALWAYS_INLINE static inline const Reason *
parse_request_line_rest (const char *p, const char *m_end,
                         const char *version, SipMethod method,
                         SipMessage *msg)
{
  if (m_end == version - 1)
    return &reason_request_line;
  const char *uri = m_end + 1;
  const char *uri_end = version - 1;
  if (*uri == ' ' || uri_end[-1] == ' ')
    return &reason_request_line_space;
  if (sip_lex_find_lws (uri, uri_end) != uri_end)
    return &reason_request_uri_space;
  msg->is_request = TRUE;
  msg->status_code = 0;
  msg->reason_phrase = SIP_SPAN_NONE;
  msg->method_name = (SipSpan){ p, (gsize) (m_end - p) };
  msg->method = method;
  msg->request_uri = (SipSpan){ uri, (gsize) (uri_end - uri) };
  return sip_uri_check_request_uri (msg->request_uri, &msg->violation);
}

static const Reason *
parse_request_line (const char *p, const char *end, const char *version,
                    SipMessage *msg)
{
  /* seven bytes, the shortest version, leave no room for white space */
  const char *v_end = end - version == 7 ? end : version;
  while (v_end < end && !is_sp_or_tab (*v_end))
    v_end++;
  if (v_end != end)
    return &reason_request_line_trailing;
  if (!is_version_2_0 (version, v_end))
    return &reason_version;
  /* the SP before the version ends the token, if nothing else does */
  const char *m_end = sip_lex_skip_token (p, version);
  if (*m_end != ' ')
    return &reason_method;
  if (m_end == p)
    return &reason_request_line_space;
  return parse_request_line_rest (
      p, m_end, version,
      sip_method_from_span ((SipSpan){ p, (gsize) (m_end - p) }), msg);
}

/* NOT_SIP, or MALFORMED with *reason, or OK. */
G_ALWAYS_INLINE static inline SipParseStatus
parse_start_line (const char *p, const char *end, SipMessage *msg,
                  const Reason **reason)
{
  if (end - p >= 4 && sip_lex_equal_ci (p, 4, "sip/", 4))
    *reason = parse_status_line (p, end, msg);
  else
    {
      const char *version = find_request_version (p, end);
      if (version == NULL)
        return SIP_PARSE_NOT_SIP;
      *reason = parse_request_line (p, end, version, msg);
    }
  return *reason != NULL ? SIP_PARSE_MALFORMED : SIP_PARSE_OK;
}

/* The length of the method at p when an SP follows it within the nine
 * readable bytes at p and sip_method_from_span knows it, and *method; 0
 * for any other. The first SP of the eight bytes is the lowest zero byte
 * of their XOR with spaces, read little-endian: the borrow trick flags
 * the lowest exactly. */
G_ALWAYS_INLINE static inline gsize
known_method (const char *p, SipMethod *method)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  guint64 x = GUINT64_FROM_LE (sip_lex_load8 (p)) ^ (ones * ' ');
  guint64 zero_bytes = (x - ones) & ~x & (ones * 0x80);
  gsize len = zero_bytes != 0 ? (gsize) __builtin_ctzll (zero_bytes) / 8
              : p[8] == ' '   ? 8
                              : 0;
  *method = len > 0 ? method_from_name (p, len) : SIP_METHOD_OTHER;
  return *method != SIP_METHOD_OTHER ? len : 0;
}

/* parse_start_line, with the usual start lines read at once: a status
 * line that usual_status_code reads, with a code from 100 to 699, and a
 * request line of a method known_method knows ending in " SIP/2.0"
 * (find_request_version's usual ending, whose version parse_request_line
 * accepts as is; the method ends the token at the SP after it). */
G_ALWAYS_INLINE static inline SipParseStatus
parse_start_line_fast (const char *p, const char *end, SipMessage *msg,
                       const Reason **reason)
{
  guint code = usual_status_code (p, end);
  if (code >= 100 && code <= 699)
    {
      set_status (msg, code, (SipSpan){ p + 12, (gsize) (end - p - 12) });
      *reason = NULL;
      return SIP_PARSE_OK;
    }
  if (end - p >= 12 && sip_lex_equal_ci (end - 8, 8, " sip/2.0", 8))
    {
      SipMethod method;
      gsize len = known_method (p, &method);
      if (len > 0)
        {
          *reason = parse_request_line_rest (p, p + len, end - 7, method,
                                             msg);
          return *reason != NULL ? SIP_PARSE_MALFORMED : SIP_PARSE_OK;
        }
    }
  return parse_start_line (p, end, msg, reason);
}

/* ---- Headers ------------------------------------------------------------ */

enum {
  SEEN_CALL_ID = 1 << 0,
  SEEN_CSEQ = 1 << 1,
  SEEN_FROM = 1 << 2,
  SEEN_TO = 1 << 3,
  SEEN_VIA = 1 << 4,
  SEEN_CONTENT_LENGTH = 1 << 5,
  SEEN_MAX_FORWARDS = 1 << 6,
  SEEN_USER_AGENT = 1 << 7,
  SEEN_SERVER = 1 << 8,
};

typedef struct {
  SipParser *parser;
  SipMessage *msg;
  guint seen;
  guint n_digest;      /* Digest headers kept in parser->headers */
  guint64 max_forwards;
  SipSpan server;
  const char *end;     /* of the buffer */
  SipHeader cur;       /* the header whose lines are being read */
} HeaderState;

/* Inline: parse_headers_fast takes Call-ID by either name. */
G_ALWAYS_INLINE static inline const Reason *
take_call_id (HeaderState *st, SipSpan value)
{
  if (!sip_fields_call_id_valid (value))
    return &reason_call_id;
  if (st->seen & SEEN_CALL_ID)
    return sip_span_equal (st->msg->call_id, value) ? NULL
                                                    : &reason_conflict_call_id;
  st->seen |= SEEN_CALL_ID;
  st->msg->call_id = value;
  return NULL;
}

/* The usual CSeq value, DIGITS SP METHOD with a method that
 * sip_method_from_span knows, into msg; FALSE, msg untouched, for any
 * other, which sip_fields_parse_cseq reads. */
static gboolean
take_usual_cseq (SipMessage *msg, SipSpan value)
{
  const char *p = value.ptr;
  const char *end = p + value.len;
  guint64 n;
  if (sip_lex_scan_uint (&p, end, &n) == 0 || n > G_MAXUINT32 || p == end
      || *p != ' ')
    return FALSE;
  SipSpan name = { p + 1, (gsize) (end - p - 1) };
  SipMethod method = sip_method_from_span (name);
  if (method == SIP_METHOD_OTHER)
    return FALSE;
  msg->cseq = (guint32) n;
  msg->cseq_method_name = name;
  msg->cseq_method = method;
  return TRUE;
}

/* Like take_name_addr, the first value is parsed into the message. */
static const Reason *
take_cseq (HeaderState *st, SipSpan value)
{
  SipMessage *msg = st->msg;
  const Reason *reason;
  if (!(st->seen & SEEN_CSEQ))
    {
      st->seen |= SEEN_CSEQ;
      if (take_usual_cseq (msg, value))
        return NULL;
      reason = sip_fields_parse_cseq (value, &msg->cseq,
                                      &msg->cseq_method_name);
      if (reason == NULL)
        msg->cseq_method = sip_method_from_span (msg->cseq_method_name);
      return reason;
    }
  guint32 number;
  SipSpan method;
  if ((reason = sip_fields_parse_cseq (value, &number, &method)) != NULL)
    return reason;
  return number == msg->cseq && sip_span_equal (method, msg->cseq_method_name)
           ? NULL : &reason_conflict_cseq;
}

/* A From or To after the first: it must name the same URI and tag. Not
 * inline, so that the usual first value needs no frame of its own. */
G_NO_INLINE static const Reason *
compare_name_addr (HeaderState *st, SipSpan value, const SipNameAddr *field,
                   const Reason *conflict)
{
  SipNameAddr addr;
  const Reason *reason = sip_fields_parse_name_addr_without_user (
      value, &addr, &st->msg->violation);
  if (reason != NULL)
    return reason;
  return sip_span_equal (addr.uri, field->uri)
             && sip_span_equal (addr.tag, field->tag)
           ? NULL : conflict;
}

typedef const Reason *(*NameAddrParse) (SipSpan value, SipNameAddr *out,
                                        const Reason **violation);

/* The first value is parsed into the message itself, by parse: should it
 * fail, the parse fails, and the message is not read. */
static const Reason *
take_name_addr (HeaderState *st, SipSpan value, guint flag,
                SipNameAddr *field, const Reason *conflict,
                NameAddrParse parse)
{
  if (st->seen & flag)
    return compare_name_addr (st, value, field, conflict);
  st->seen |= flag;
  return parse (value, field, &st->msg->violation);
}

static const Reason *
take_via (HeaderState *st, SipSpan value)
{
  SipVia *top = (st->seen & SEEN_VIA) ? NULL : &st->msg->top_via;
  st->seen |= SEEN_VIA;
  return sip_fields_parse_via (value, top, &st->msg->via_count,
                               &st->msg->violation);
}

/* sip_fields_parse_number of a value without LWS around it: its digits,
 * all of it. */
static gboolean
parse_trimmed_number (SipSpan value, guint64 *n)
{
  const char *p = value.ptr;
  return value.len > 0
         && sip_lex_scan_uint (&p, value.ptr + value.len, n) == value.len;
}

typedef gboolean (*NumberParse) (SipSpan value, guint64 *n);

/* The take functions of the numeric headers, with the number read by
 * parse: parse_trimmed_number here, parse_short_number on the fast
 * path. */
G_ALWAYS_INLINE static inline const Reason *
take_content_length_by (HeaderState *st, SipSpan value, NumberParse parse)
{
  guint64 n;
  if (!parse (value, &n) || n > G_MAXINT32)
    return &reason_content_length;
  if (st->seen & SEEN_CONTENT_LENGTH)
    return (gint64) n == st->msg->content_length
             ? NULL : &reason_conflict_content_length;
  st->seen |= SEEN_CONTENT_LENGTH;
  st->msg->content_length = (gint64) n;
  return NULL;
}

G_ALWAYS_INLINE static inline const Reason *
take_max_forwards_by (HeaderState *st, SipSpan value, NumberParse parse)
{
  guint64 n;
  if (!parse (value, &n) || n > 255)
    return &reason_max_forwards;
  if (st->seen & SEEN_MAX_FORWARDS)
    return n == st->max_forwards ? NULL : &reason_conflict_max_forwards;
  st->seen |= SEEN_MAX_FORWARDS;
  st->max_forwards = n;
  return NULL;
}

static const Reason *
take_content_length (HeaderState *st, SipSpan value)
{
  return take_content_length_by (st, value, parse_trimmed_number);
}

static const Reason *
take_max_forwards (HeaderState *st, SipSpan value)
{
  return take_max_forwards_by (st, value, parse_trimmed_number);
}

/* Inline, as take_call_id: parse_headers_fast takes From, and To, by
 * either name. */
G_ALWAYS_INLINE static inline const Reason *
take_from (HeaderState *st, SipSpan value)
{
  return take_name_addr (st, value, SEEN_FROM, &st->msg->from,
                         &reason_conflict_from, sip_fields_parse_name_addr);
}

/* nothing reads the user of To */
G_ALWAYS_INLINE static inline const Reason *
take_to (HeaderState *st, SipSpan value)
{
  return take_name_addr (st, value, SEEN_TO, &st->msg->to,
                         &reason_conflict_to,
                         sip_fields_parse_name_addr_without_user);
}

/* not used by the analysis: any fault is only a violation */
static const Reason *
take_contact (HeaderState *st, SipSpan value)
{
  reason_note_first (&st->msg->violation, sip_fields_check_contact (value));
  return NULL;
}

static const Reason *
take_date (HeaderState *st, SipSpan value)
{
  if (!sip_fields_date_is_gmt (value))
    reason_note_first (&st->msg->violation, &reason_date);
  return NULL;
}

static const Reason *
take_user_agent (HeaderState *st, SipSpan value)
{
  if (!(st->seen & SEEN_USER_AGENT))
    st->msg->user_agent = value;
  st->seen |= SEEN_USER_AGENT;
  return NULL;
}

G_ALWAYS_INLINE static inline const Reason *
take_server (HeaderState *st, SipSpan value)
{
  if (!(st->seen & SEEN_SERVER))
    st->server = value;
  st->seen |= SEEN_SERVER;
  return NULL;
}

/* A WWW-Authenticate, Proxy-Authenticate, Authorization or
 * Proxy-Authorization header, which the Digest analysis reads from
 * msg->headers. The count stays below SIP_PARSER_MAX_HEADERS, the cap on
 * header lines. */
static const Reason *
take_digest (HeaderState *st, SipSpan value)
{
  SipParser *parser = st->parser;
  if (st->n_digest == parser->capacity)
    {
      parser->capacity *= 2;
      parser->headers = g_renew (SipHeader, parser->headers,
                                 parser->capacity);
    }
  parser->headers[st->n_digest++]
      = (SipHeader){ st->cur.id, st->cur.name, value };
  return NULL;
}

/* ---- Fast paths of the take functions ----------------------------------- */

/* parse_trimmed_number for the usual value of up to four digits, digit by
 * digit; any other through it. */
G_ALWAYS_INLINE static inline gboolean
parse_short_number (SipSpan value, guint64 *n)
{
  if (value.len - 1 >= 4)
    return parse_trimmed_number (value, n);
  guint v = 0;
  for (gsize i = 0; i < value.len; i++)
    {
      guint d = (guint) (guint8) value.ptr[i] - '0';
      if (d > 9)
        return FALSE;
      v = v * 10 + d;
    }
  *n = v;
  return TRUE;
}

G_ALWAYS_INLINE static inline const Reason *
take_content_length_fast (HeaderState *st, SipSpan value)
{
  return take_content_length_by (st, value, parse_short_number);
}

G_ALWAYS_INLINE static inline const Reason *
take_max_forwards_fast (HeaderState *st, SipSpan value)
{
  return take_max_forwards_by (st, value, parse_short_number);
}

/* The method of the usual CSeq: a request's own, found by comparing the
 * name with the request's eight bytes at a time; sip_method_from_span of
 * name. The request line holds eight bytes from its method; end, the
 * buffer's, bounds the read from name. */
G_ALWAYS_INLINE static inline SipMethod
cseq_method_fast (const SipMessage *msg, SipSpan name, const char *end)
{
  if (msg->method != SIP_METHOD_OTHER && name.len == msg->method_name.len
      && name.len <= 8 && end - name.ptr >= 8)
    {
      guint64 diff = GUINT64_FROM_LE (sip_lex_load8 (name.ptr)
                                      ^ sip_lex_load8 (msg->method_name.ptr));
      if ((diff & (G_MAXUINT64 >> (64 - 8 * name.len))) == 0)
        return msg->method;
    }
  return method_from_name (name.ptr, name.len);
}

/* take_cseq with take_usual_cseq inline and cseq_method_fast */
G_ALWAYS_INLINE static inline const Reason *
take_cseq_fast (HeaderState *st, SipSpan value)
{
  SipMessage *msg = st->msg;
  if (!(st->seen & SEEN_CSEQ))
    {
      /* up to nine digits, which fit, then SP */
      const char *p = value.ptr;
      const char *end = p + value.len;
      const char *digits_end = end - p > 9 ? p + 9 : end;
      guint32 n = 0;
      for (guint d; p < digits_end && (d = (guint) (guint8) *p - '0') <= 9;
           p++)
        n = n * 10 + d;
      if (p != value.ptr && p != end && *p == ' ')
        {
          SipSpan name = { p + 1, (gsize) (end - p - 1) };
          SipMethod method = cseq_method_fast (msg, name, st->end);
          if (method != SIP_METHOD_OTHER)
            {
              st->seen |= SEEN_CSEQ;
              msg->cseq = n;
              msg->cseq_method_name = name;
              msg->cseq_method = method;
              return NULL;
            }
        }
    }
  return take_cseq (st, value);
}

typedef const Reason *(*TakeFunc) (HeaderState *st, SipSpan value);

/* What the parser reads of each header; NULL for those nobody reads,
 * most lines of a message. */
static const TakeFunc take_by_id[] = {
  [SIP_HEADER_CALL_ID] = take_call_id,
  [SIP_HEADER_CSEQ] = take_cseq,
  [SIP_HEADER_FROM] = take_from,
  [SIP_HEADER_TO] = take_to,
  [SIP_HEADER_VIA] = take_via,
  [SIP_HEADER_CONTENT_LENGTH] = take_content_length,
  [SIP_HEADER_MAX_FORWARDS] = take_max_forwards,
  [SIP_HEADER_CONTACT] = take_contact,
  [SIP_HEADER_DATE] = take_date,
  [SIP_HEADER_USER_AGENT] = take_user_agent,
  [SIP_HEADER_SERVER] = take_server,
  [SIP_HEADER_WWW_AUTHENTICATE] = take_digest,
  [SIP_HEADER_PROXY_AUTHENTICATE] = take_digest,
  [SIP_HEADER_AUTHORIZATION] = take_digest,
  [SIP_HEADER_PROXY_AUTHORIZATION] = take_digest,
  [SIP_HEADER_RECORD_ROUTE] = NULL,  /* the last id: sizes the table */
};

/* TRUE when p starts with a name sip_header_match_prefix knows and its
 * ":", which holds no line end: the line is a header's first, and its LF
 * lies beyond the colon. */
G_ALWAYS_INLINE static inline gboolean
match_common_name (const char *p, const char *end, SipHeaderId *id,
                   gsize *name_len)
{
  gsize avail = (gsize) (end - p);
  /* the last line, often "Content-Length: 0", has fewer bytes after it
     than the longest name */
  if (avail >= SIP_HEADER_PREFIX_MAX)
    return sip_header_match_prefix (p, SIP_HEADER_PREFIX_MAX, id, name_len);
  return avail > 0 && sip_header_match_prefix (p, avail, id, name_len);
}

/* Line [p, line_end) starts with a common name (match_common_name). */
static void
start_common_header (SipHeader *h, const char *p, const char *line_end,
                     SipHeaderId id, gsize name_len)
{
  const char *value = p + name_len + 1;
  value += value < line_end && *value == ' ';  /* the usual SP, which
                                                  trimming would skip */
  h->id = id;
  h->name = (SipSpan){ p, name_len };
  h->value = (SipSpan){ value, (gsize) (line_end - value) };
}

/* Line [p, line_end) starts a header of another name: name, optional
 * WSP, ":" value. */
static const Reason *
start_other_header (SipHeader *h, const char *p, const char *line_end)
{
  const char *name_end = sip_lex_skip_token (p, line_end);
  if (name_end == p)
    return &reason_header_line;
  const char *colon = name_end;
  while (colon < line_end && is_sp_or_tab (*colon))
    colon++;
  if (colon == line_end || *colon != ':')
    return &reason_header_line;
  h->name = (SipSpan){ p, (gsize) (name_end - p) };
  h->id = sip_header_id_from_name (p, h->name.len);
  h->value = (SipSpan){ colon + 1, (gsize) (line_end - colon - 1) };
  return NULL;
}

/* The value is trimmed only for a header that is read. */
G_ALWAYS_INLINE static inline const Reason *
finish_header (HeaderState *st)
{
  TakeFunc take = take_by_id[st->cur.id];
  if (take == NULL)
    return NULL;
  /* a value is never NONE */
  return take (st, sip_lex_trim_present (st->cur.value));
}

/* A buffer searched for line feeds: it ends at end, and last_block is
 * the start of its last sixteen bytes, NULL when it holds fewer. */
typedef struct {
  const char *end;
  const char *last_block;
} LineBuffer;

static inline LineBuffer
line_buffer (const char *start, const char *end)
{
  return (LineBuffer){ end, end - start >= 16 ? end - 16 : NULL };
}

/* The first LF in [p, end), or NULL, p in the buffer: inline, sixteen
 * bytes at a time, the last sixteen read from last_block, overlapping
 * bytes before p, whose bits are shifted out. A header line is short: a
 * call to memchr costs more than the search. */
static inline const char *
find_line_feed (const LineBuffer *buf, const char *p)
{
#ifdef SIP_LEX_SIMD
  if (buf->last_block != NULL)
    {
      for (; p <= buf->last_block; p += 16)
        {
          guint mask = sip_lex_simd_mask (p, SIP_LEX_SIMD_LF);
          if (mask != 0)
            return p + __builtin_ctz (mask);
        }
      if (p == buf->end)
        return NULL;
      guint mask = sip_lex_simd_mask (buf->last_block, SIP_LEX_SIMD_LF)
                   >> (p - buf->last_block);
      return mask != 0 ? p + __builtin_ctz (mask) : NULL;
    }
#endif
  return memchr (p, '\n', (gsize) (buf->end - p));
}

static const Reason *
end_headers (HeaderState *st, guint n_lines)
{
  const Reason *reason;
  if (n_lines > 0 && (reason = finish_header (st)) != NULL)
    return reason;
  st->msg->headers = st->parser->headers;
  st->msg->n_headers = st->n_digest;
  return NULL;
}

/* Reads header lines from p up to and including the empty line; *body
 * is set after it. A datagram that ends without
 * the empty line, or even inside its last header line, is bounded by its
 * end (RFC 3261 §18.3): only a violation (Asterisk sends such 100s and
 * 180s, and processes them). Inline, like the helpers of its loop: the
 * compiler otherwise splits them off by turns, at a cost per line. */
G_ALWAYS_INLINE static inline const Reason *
parse_headers (HeaderState *st, const LineBuffer *buf, const char *p,
               const char **body)
{
  const char *end = buf->end;
  const char *start = p;
  gboolean may_be_too_large = end - start > SIP_PARSER_MAX_HEADER_BYTES;
  guint n_lines = 0;  /* header lines, continuations not counted */
  const Reason *reason;
  for (;;)
    {
      SipHeaderId id = SIP_HEADER_OTHER;
      gsize name_len = 0;
      gboolean common = match_common_name (p, end, &id, &name_len);
      const char *nl = find_line_feed (buf, common ? p + name_len + 1 : p);
      const char *eol = nl != NULL ? nl : end;
      if (may_be_too_large && eol - start > SIP_PARSER_MAX_HEADER_BYTES)
        return &reason_too_large;
      const char *line_end = nl > p && nl[-1] == '\r' ? nl - 1 : eol;
      if (!common)
        {
          if (nl == NULL && start == end)
            return &reason_unterminated;
          if (line_end == p)
            {
              if (nl == NULL)
                reason_note_first (&st->msg->violation,
                                   &reason_no_empty_line);
              *body = nl != NULL ? nl + 1 : end;
              return end_headers (st, n_lines);
            }
          if (is_sp_or_tab (*p))
            {
              if (n_lines == 0)
                return &reason_orphan_continuation;
              st->cur.value.len = (gsize) (line_end - st->cur.value.ptr);
              p = eol < end ? eol + 1 : end;
              continue;
            }
        }
      if (n_lines > 0 && (reason = finish_header (st)) != NULL)
        return reason;
      if (n_lines == SIP_PARSER_MAX_HEADERS)
        return &reason_too_many;
      n_lines++;
      if (common)
        start_common_header (&st->cur, p, line_end, id, name_len);
      else if ((reason = start_other_header (&st->cur, p, line_end)) != NULL)
        return reason;
      p = eol < end ? eol + 1 : end;
    }
}

/* ---- Header lines, the fast path ---------------------------------------- */

#ifdef __SSE2__
/* The fast path reads whole 64-byte blocks: the buffer must hold one. */
#define SIP_FAST_MIN_BUFFER 64

/* The LFs of a buffer, in order, 64 bytes at a time: bits holds those of
 * the 64 bytes from block not yet returned. A block that would cross end
 * is read from last (end - 64, in the buffer), its bits shifted down. */
typedef struct {
  const char *block;
  guint64 bits;
  const char *last;
  const char *end;
} LineScan;

G_ALWAYS_INLINE static inline guint64
line_scan_bits (const LineScan *s, const char *block)
{
  if (block <= s->last)
    return sip_lex_simd_mask64 (block, 64, SIP_LEX_SIMD_LF);
  return sip_lex_simd_mask64 (s->last, 64, SIP_LEX_SIMD_LF)
         >> (block - s->last);
}

/* From p (< end); [end - 64, end) is in the buffer. */
G_ALWAYS_INLINE static inline void
line_scan_init (LineScan *s, const char *p, const char *end)
{
  s->end = end;
  s->last = end - SIP_FAST_MIN_BUFFER;
  s->block = p;
  s->bits = line_scan_bits (s, p);
}

/* The next LF in *nl; FALSE when there is none before end. */
G_ALWAYS_INLINE static inline gboolean
line_scan_next (LineScan *s, const char **nl)
{
  while (G_UNLIKELY (s->bits == 0))
    {
      if (s->end - s->block <= 64)
        return FALSE;
      s->block += 64;
      s->bits = line_scan_bits (s, s->block);
    }
  *nl = s->block + __builtin_ctzll (s->bits);
  s->bits &= s->bits - 1;
  return TRUE;
}

/* The end of the line [p, nl) without its CR. A line the fast path
 * reads follows an LF or starts the message with a byte other than CR
 * and LF: nl[-1], when nl is p, is that LF, no CR, and need not be
 * checked against p. */
G_ALWAYS_INLINE static inline const char *
line_content_end (const char *nl)
{
  return nl[-1] == '\r' ? nl - 1 : nl;
}

/* sip_lex_trim_present, at once for the usual value that starts and ends
 * with bytes above SP. */
G_ALWAYS_INLINE static inline SipSpan
trim_value (const char *v, const char *v_end)
{
  SipSpan s = { v, (gsize) (v_end - v) };
  if (G_LIKELY (v < v_end && (guint8) v[0] > ' ' && (guint8) v_end[-1] > ' '))
    return s;
  return sip_lex_trim_present (s);
}

/* take_digest for the header [name, name + name_len) */
G_ALWAYS_INLINE static inline const Reason *
take_digest_named (HeaderState *st, SipHeaderId id, const char *name,
                   gsize name_len, SipSpan value)
{
  st->cur.id = id;
  st->cur.name = (SipSpan){ name, name_len };
  return take_digest (st, value);
}

/* finish_header for the header [name, name + name_len) whose untrimmed
 * value is [v, v_end), by the fast take functions. Out of line: the usual
 * names take their headers in parse_headers_fast's dispatch. */
G_NO_INLINE static const Reason *
take_header (HeaderState *st, SipHeaderId id, const char *name,
             gsize name_len, const char *v, const char *v_end)
{
  switch (id)
    {
    case SIP_HEADER_VIA:
      return take_via (st, trim_value (v, v_end));
    case SIP_HEADER_FROM:
      return take_from (st, trim_value (v, v_end));
    case SIP_HEADER_TO:
      return take_to (st, trim_value (v, v_end));
    case SIP_HEADER_CALL_ID:
      return take_call_id (st, trim_value (v, v_end));
    case SIP_HEADER_CSEQ:
      return take_cseq_fast (st, trim_value (v, v_end));
    case SIP_HEADER_CONTACT:
      return take_contact (st, trim_value (v, v_end));
    case SIP_HEADER_MAX_FORWARDS:
      return take_max_forwards_fast (st, trim_value (v, v_end));
    case SIP_HEADER_CONTENT_LENGTH:
      return take_content_length_fast (st, trim_value (v, v_end));
    case SIP_HEADER_DATE:
      return take_date (st, trim_value (v, v_end));
    case SIP_HEADER_USER_AGENT:
      return take_user_agent (st, trim_value (v, v_end));
    case SIP_HEADER_SERVER:
      return take_server (st, trim_value (v, v_end));
    case SIP_HEADER_WWW_AUTHENTICATE:
    case SIP_HEADER_PROXY_AUTHENTICATE:
    case SIP_HEADER_AUTHORIZATION:
    case SIP_HEADER_PROXY_AUTHORIZATION:
      return take_digest_named (st, id, name, name_len,
                                trim_value (v, v_end));
    default:
      return NULL;
    }
}

/* The header at p (its first line neither empty nor a continuation, its
 * value running to v_end) as parse_headers reads a name that
 * sip_header_match_prefix does not know (which yields the same name, id
 * and trimmed value for one it knows), then taken; at the end of the
 * buffer, the missing empty line noted first. Out of line: the usual line
 * has a name parse_headers_fast's dispatch knows, and room after it. */
G_NO_INLINE static const Reason *
take_line (HeaderState *st, const char *p, const char *v_end,
           const char *end, gboolean last)
{
  /* parse_headers checks this before the line count, which is 0 on the
     first line, the only one that can be an orphan */
  if (is_sp_or_tab (*p))
    return &reason_orphan_continuation;
  const char *nl = memchr (p, '\n', (gsize) (end - p));
  const char *line_end = nl != NULL ? line_content_end (nl) : end;
  SipHeader h;
  const Reason *reason = start_other_header (&h, p, line_end);
  if (reason != NULL)
    return reason;
  if (last)  /* parse_headers notes this before it takes the header */
    reason_note_first (&st->msg->violation, &reason_no_empty_line);
  return take_header (st, h.id, p, h.name.len, h.value.ptr, v_end);
}

/* The most bytes from a line's start that parse_headers_fast's dispatch
 * compares: "proxy-authorization:". */
#define FAST_NAME_MAX 20

/* The name lit and ":" at p (lit in any case, as sip_header_id_from_name
 * reads names), its value (after one SP) taken by take; any other name
 * goes on to the general path. At least FAST_NAME_MAX bytes follow p, and
 * the line ends in LF, which lies beyond the ":" when the name matches:
 * the byte after ":" is readable, and no SP when it ends the line. */
#define FAST_TAKE(lit, take) \
  if (sip_lex_equal_ci (p, sizeof lit, lit ":", sizeof lit)) \
    { \
      const char *v = p + sizeof lit; \
      v += *v == ' '; \
      reason = take (st, trim_value (v, v_end)); \
      goto taken; \
    }
#define FAST_DIGEST(lit, id) \
  if (sip_lex_equal_ci (p, sizeof lit, lit ":", sizeof lit)) \
    { \
      const char *v = p + sizeof lit; \
      v += *v == ' '; \
      reason = take_digest_named (st, id, p, sizeof lit - 1, \
                                  trim_value (v, v_end)); \
      goto taken; \
    }
#define FAST_SKIP(lit) \
  if (sip_lex_equal_ci (p, sizeof lit, lit ":", sizeof lit)) \
    goto taken;

/* parse_headers for a buffer [data, end) of at least 64 bytes whose
 * header section, from p, cannot be too large, by the LFs of start_scan,
 * which has returned those before p: the continuation lines of each
 * header line are found first, and then the names sip_header_match_prefix
 * knows and the compact forms of the headers read lead straight to their
 * take functions. The order of the checks, and so every verdict, reason
 * and violation, is that of parse_headers; there a header is taken when
 * the next line starts, after that line's size check, which cannot fail
 * here. Inline in parse_message, its one caller. */
G_ALWAYS_INLINE static inline const Reason *
parse_headers_fast (HeaderState *st, const LineScan *start_scan,
                    const char *p, const char *end, const char **body)
{
  if (p == end)
    return &reason_unterminated;
  LineScan local_scan = *start_scan;  /* in registers */
  LineScan *scan = &local_scan;
  const char *match_end = end - FAST_NAME_MAX;
  guint n_lines = 0;
  const Reason *reason;
  const char *nl = NULL;  /* set by line_scan_next */
  const char *v_end;
  for (;;)
    {
      /* p < end starts a line that is no continuation of a header */
      if (G_UNLIKELY (!line_scan_next (scan, &nl)))
        break;  /* a last line without LF */
      v_end = line_content_end (nl);
      if (v_end == p)  /* the empty line */
        {
          *body = nl + 1;
          goto done;
        }
      if (n_lines == SIP_PARSER_MAX_HEADERS)
        return &reason_too_many;
      n_lines++;
      const char *q = nl + 1;
      if (G_UNLIKELY (q == end))
        goto last;
      if (G_UNLIKELY ((guint8) *q <= ' ' && is_sp_or_tab (*q)))
        do
          {
            if (!line_scan_next (scan, &nl))
              {
                v_end = end;
                goto last;
              }
            v_end = line_content_end (nl);
            q = nl + 1;
            if (q == end)
              goto last;
          }
        while (is_sp_or_tab (*q));
      reason = NULL;
      if (G_LIKELY (p <= match_end))
        {
          /* the most frequent first */
          switch (p[0] | 0x20)
            {
            case 'a':
              FAST_DIGEST ("authorization", SIP_HEADER_AUTHORIZATION);
              FAST_SKIP ("allow");
              FAST_SKIP ("accept");
              break;
            case 'c':
              FAST_TAKE ("call-id", take_call_id);
              FAST_TAKE ("cseq", take_cseq_fast);
              FAST_TAKE ("content-length", take_content_length_fast);
              FAST_TAKE ("contact", take_contact);
              FAST_SKIP ("content-type");
              break;
            case 'd':
              FAST_TAKE ("date", take_date);
              break;
            case 'e':
              FAST_SKIP ("expires");
              FAST_SKIP ("event");
              break;
            case 'f':
              FAST_TAKE ("from", take_from);
              FAST_TAKE ("f", take_from);
              break;
            case 'i':
              FAST_TAKE ("i", take_call_id);
              break;
            case 'l':
              FAST_TAKE ("l", take_content_length_fast);
              break;
            case 'm':
              FAST_TAKE ("max-forwards", take_max_forwards_fast);
              FAST_TAKE ("m", take_contact);
              break;
            case 'p':
              FAST_DIGEST ("proxy-authorization",
                           SIP_HEADER_PROXY_AUTHORIZATION);
              FAST_DIGEST ("proxy-authenticate",
                           SIP_HEADER_PROXY_AUTHENTICATE);
              break;
            case 'r':
              FAST_SKIP ("record-route");
              FAST_SKIP ("route");
              FAST_SKIP ("require");
              break;
            case 's':
              FAST_TAKE ("server", take_server);
              FAST_SKIP ("supported");
              break;
            case 't':
              FAST_TAKE ("to", take_to);
              FAST_TAKE ("t", take_to);
              break;
            case 'u':
              FAST_TAKE ("user-agent", take_user_agent);
              break;
            case 'v':
              FAST_TAKE ("via", take_via);
              FAST_TAKE ("v", take_via);
              break;
            case 'w':
              FAST_DIGEST ("www-authenticate", SIP_HEADER_WWW_AUTHENTICATE);
              break;
            default:
              break;
            }
        }
      reason = take_line (st, p, v_end, end, FALSE);
    taken:
      if (reason != NULL)
        return reason;
      p = q;
    }
  /* the line [p, end), not empty, has no LF */
  if (n_lines == SIP_PARSER_MAX_HEADERS)
    return &reason_too_many;
  v_end = end;
last:
  /* the header at p runs to the end of the buffer */
  if ((reason = take_line (st, p, v_end, end, TRUE)) != NULL)
    return reason;
  *body = end;
done:
  st->msg->headers = st->parser->headers;
  st->msg->n_headers = st->n_digest;
  return NULL;
}

#undef FAST_TAKE
#undef FAST_DIGEST
#undef FAST_SKIP
#endif

/* A request's CSeq names its method. Known methods compare by id:
 * sip_method_from_span gives one only to its exact name. */
static gboolean
cseq_method_matches (const SipMessage *msg)
{
  if (msg->method != SIP_METHOD_OTHER && msg->cseq_method != SIP_METHOD_OTHER)
    return msg->method == msg->cseq_method;
  return sip_span_equal (msg->cseq_method_name, msg->method_name);
}

static const Reason *
check_required (const HeaderState *st)
{
  const guint required = SEEN_CALL_ID | SEEN_CSEQ | SEEN_FROM | SEEN_TO
                         | SEEN_VIA;
  if ((st->seen & required) == required)
    return st->msg->is_request && !cseq_method_matches (st->msg)
             ? &reason_cseq_method : NULL;
  if (!(st->seen & SEEN_CALL_ID))
    return &reason_missing_call_id;
  if (!(st->seen & SEEN_CSEQ))
    return &reason_missing_cseq;
  if (!(st->seen & SEEN_FROM))
    return &reason_missing_from;
  if (!(st->seen & SEEN_TO))
    return &reason_missing_to;
  if (!(st->seen & SEEN_VIA))
    return &reason_missing_via;
  const SipMessage *msg = st->msg;
  if (msg->is_request && !cseq_method_matches (msg))
    return &reason_cseq_method;
  return NULL;
}

/* §18.3: Content-Length bytes of body; without it, the rest. */
static const Reason *
frame_body (SipMessage *msg, const char *message, const char *body,
            const char *end)
{
  gsize available = (gsize) (end - body);
  gsize body_len = available;
  if (msg->content_length >= 0)
    {
      if ((guint64) msg->content_length > available)
        return &reason_body_short;
      body_len = (gsize) msg->content_length;
    }
  msg->body = (SipSpan){ body, body_len };
  msg->length = (gsize) (body + body_len - message);
  msg->trailing = available - body_len;
  return NULL;
}

/* The fields a successful parse may leave as they are; it writes every
 * other one. */
static void
message_reset (SipMessage *msg)
{
  msg->via_count = 0;
  msg->content_length = -1;
  msg->user_agent = SIP_SPAN_NONE;
  msg->body = SIP_SPAN_NONE;
  msg->trailing = 0;
  msg->violation = NULL;
}

static SipParseStatus
malformed (const Reason *reason, const Reason **out)
{
  if (out != NULL)
    *out = reason;
  return SIP_PARSE_MALFORMED;
}

static SipParseStatus
parse_message (SipParser *parser, const guint8 *data, gsize len,
               gboolean with_body, SipMessage *msg, const Reason **reason)
{
  message_reset (msg);
  /* data is NULL for an empty GByteArray (an empty WebSocket message) */
  if (len == 0)
    return SIP_PARSE_NOT_SIP;
  const char *p = (const char *) data;
  const char *end = p + len;
  const Reason *why = NULL;
  while (p < end && (*p == '\r' || *p == '\n'))
    p++;
  if (p == end)
    return SIP_PARSE_NOT_SIP;

  const char *message = p;
  const char *body;
  HeaderState st = { .parser = parser, .msg = msg, .server = SIP_SPAN_NONE,
                     .end = end };
#ifdef __SSE2__
  /* the fast path: the header section cannot be too large */
  if (!parser->general_only && len >= SIP_FAST_MIN_BUFFER
      && len <= SIP_PARSER_MAX_HEADER_BYTES)
    {
      LineScan scan;
      line_scan_init (&scan, p, end);
      const char *nl = NULL;
      gboolean has_nl = line_scan_next (&scan, &nl);
      /* a CR before the end of the buffer goes too, as below */
      const char *line_end = line_content_end (has_nl ? nl : end);
      SipParseStatus status = parse_start_line_fast (p, line_end, msg, &why);
      if (status != SIP_PARSE_OK)
        return status == SIP_PARSE_NOT_SIP ? status : malformed (why, reason);
      if (!has_nl)
        return malformed (&reason_unterminated, reason);
      why = parse_headers_fast (&st, &scan, nl + 1, end, &body);
    }
  else
#endif
    {
      LineBuffer buf = line_buffer ((const char *) data, end);
      const char *nl = find_line_feed (&buf, p);
      const char *line_end = nl != NULL ? nl : end;
      if (line_end > p && line_end[-1] == '\r')
        line_end--;
      SipParseStatus status
          = parser->general_only ? parse_start_line (p, line_end, msg, &why)
                                 : parse_start_line_fast (p, line_end, msg,
                                                          &why);
      if (status != SIP_PARSE_OK)
        return status == SIP_PARSE_NOT_SIP ? status : malformed (why, reason);
      if (nl == NULL)
        return malformed (&reason_unterminated, reason);
      why = parse_headers (&st, &buf, nl + 1, &body);
    }
  if (why != NULL
      || (why = check_required (&st)) != NULL
      || (with_body && (why = frame_body (msg, message, body, end)) != NULL))
    return malformed (why, reason);
  if (!with_body)
    msg->length = (gsize) (end - message);
  if (!msg->is_request && sip_span_present (st.server))
    msg->user_agent = st.server;
  return SIP_PARSE_OK;
}

SipParseStatus
sip_parser_parse_datagram (SipParser *parser, const guint8 *data, gsize len,
                           SipMessage *msg, const Reason **reason)
{
  return parse_message (parser, data, len, TRUE, msg, reason);
}

SipParseStatus
sip_parser_parse_head (SipParser *parser, const guint8 *data, gsize len,
                       SipMessage *msg, const Reason **reason)
{
  return parse_message (parser, data, len, FALSE, msg, reason);
}

SipParseStatus
sip_message_check_start_line (const guint8 *line, gsize len)
{
  SipMessage scratch;
  const Reason *unused = NULL;
  if (line == NULL)  /* (NULL, 0): NULL + 0 is undefined */
    line = (const guint8 *) "";
  message_reset (&scratch);
  return parse_start_line_fast ((const char *) line,
                                (const char *) line + len, &scratch, &unused);
}
