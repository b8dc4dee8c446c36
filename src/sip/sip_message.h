/* A parsed SIP message: start line, headers and body per RFC 3261 §7 and
 * the ABNF of §25. Fields are spans into the caller's buffer. */
#pragma once

#include "sip/sip_span.h"
#include "util/reason.h"

typedef enum {
  SIP_METHOD_OTHER = 0,
  SIP_METHOD_INVITE,
  SIP_METHOD_ACK,
  SIP_METHOD_CANCEL,
  SIP_METHOD_BYE,
  SIP_METHOD_REGISTER,
  SIP_METHOD_OPTIONS,
  SIP_METHOD_SUBSCRIBE,
  SIP_METHOD_NOTIFY,
  SIP_METHOD_PUBLISH,
  SIP_METHOD_MESSAGE,
  SIP_METHOD_INFO,
  SIP_METHOD_PRACK,
  SIP_METHOD_UPDATE,
  SIP_METHOD_REFER,
} SipMethod;

/* Headers the analysis uses; compact forms (RFC 3261 §7.3.3 and later
 * RFCs: i m e l c f s k t v o u r b j y x a d) map to the same id. */
typedef enum {
  SIP_HEADER_OTHER = 0,
  SIP_HEADER_VIA,
  SIP_HEADER_FROM,
  SIP_HEADER_TO,
  SIP_HEADER_CALL_ID,
  SIP_HEADER_CSEQ,
  SIP_HEADER_CONTACT,
  SIP_HEADER_MAX_FORWARDS,
  SIP_HEADER_CONTENT_LENGTH,
  SIP_HEADER_CONTENT_TYPE,
  SIP_HEADER_CONTENT_ENCODING,
  SIP_HEADER_SUBJECT,
  SIP_HEADER_SUPPORTED,
  SIP_HEADER_EVENT,
  SIP_HEADER_ALLOW_EVENTS,
  SIP_HEADER_REFER_TO,
  SIP_HEADER_REFERRED_BY,
  SIP_HEADER_REJECT_CONTACT,
  SIP_HEADER_IDENTITY,
  SIP_HEADER_SESSION_EXPIRES,
  SIP_HEADER_ACCEPT_CONTACT,
  SIP_HEADER_REQUEST_DISPOSITION,
  SIP_HEADER_WWW_AUTHENTICATE,
  SIP_HEADER_PROXY_AUTHENTICATE,
  SIP_HEADER_AUTHORIZATION,
  SIP_HEADER_PROXY_AUTHORIZATION,
  SIP_HEADER_USER_AGENT,
  SIP_HEADER_SERVER,
  SIP_HEADER_DATE,
  SIP_HEADER_EXPIRES,
  SIP_HEADER_ROUTE,
  SIP_HEADER_RECORD_ROUTE,
} SipHeaderId;

typedef struct {
  SipHeaderId id;
  SipSpan name;
  SipSpan value;  /* trimmed; may contain folded line breaks (CRLF WSP),
                     which every consumer treats as white space */
} SipHeader;

/* One Via value (RFC 3261 §20.42). */
typedef struct {
  SipSpan transport;  /* "UDP", "TCP", ... */
  SipSpan host;       /* without brackets for IPv6 */
  guint16 port;       /* 0 when absent */
  SipSpan branch;     /* NONE when absent */
  gboolean branch_plain;  /* TRUE when the branch is known to hold no
                             byte below SP (the usual Via's); FALSE tells
                             nothing */
} SipVia;

/* From, To (RFC 3261 §20.20, §20.39). */
typedef struct {
  SipSpan uri;        /* addr-spec, without < > */
  SipSpan user;       /* user part of a sip/sips/tel URI, NONE if absent;
                         NONE in To, whose user nothing reads (see
                         sip_uri_user) */
  SipSpan tag;        /* NONE when absent */
} SipNameAddr;

typedef struct {
  gboolean is_request;
  SipMethod method;            /* requests */
  SipSpan method_name;
  SipSpan request_uri;
  guint status_code;           /* responses */
  SipSpan reason_phrase;

  const SipHeader *headers;    /* the Digest headers (WWW-Authenticate,
                                  Proxy-Authenticate, Authorization,
                                  Proxy-Authorization) in message order;
                                  owned by the SipParser, valid until its
                                  next parse */
  guint n_headers;

  SipSpan call_id;
  SipNameAddr from, to;
  guint32 cseq;
  SipMethod cseq_method;
  SipSpan cseq_method_name;
  SipVia top_via;
  guint via_count;             /* Via values, across all Via headers */
  gint64 content_length;       /* -1 when absent */
  SipSpan user_agent;          /* User-Agent (requests) or Server */

  SipSpan body;
  gsize length;                /* bytes from start line to end of body */
  gsize trailing;              /* bytes after the message in the buffer */

  const Reason *violation; /* first tolerated grammar violation, NULL if none */
} SipMessage;

typedef enum {
  SIP_PARSE_OK,
  SIP_PARSE_NOT_SIP,     /* the start line is not a SIP start line */
  SIP_PARSE_MALFORMED,   /* looks like SIP but violates RFC 3261; reason */
} SipParseStatus;

typedef struct _SipParser SipParser;

SipParser *sip_parser_new (void);
void sip_parser_free (SipParser *parser);

/* For tests: with general_only, the parser reads every message by its
 * general path, never by the fast paths that read the usual messages
 * (the verdict, reason and fields are the same either way). */
void sip_parser_set_general_only (SipParser *parser, gboolean general_only);

/* Parses one datagram (RFC 3261 §18.3): the message ends where
 * Content-Length says, or at the end of the buffer without one; bytes
 * beyond are reported in msg->trailing. On MALFORMED, *reason says why.
 * Only a parse that returns OK sets every field of *msg.
 *
 * A grammar violation that leaves what the analysis needs intact (start
 * line, Call-ID, CSeq, From/To URI and tag, top Via, Content-Length
 * framing) is tolerated: the parse returns OK and msg->violation holds
 * the reason of the first one. Tolerated are a display name that is not
 * tokens or a quoted string, white space just inside angle brackets, a
 * Date not in GMT, headers in the Request-URI, an unbracketed addr-spec
 * holding '?' or ',' in From or To, any malformed Contact value, an empty
 * Via parameter, and a datagram that ends without the empty line after its
 * header section (or inside its last header line). */
SipParseStatus sip_parser_parse_datagram (SipParser *parser,
                                          const guint8 *data, gsize len,
                                          SipMessage *msg,
                                          const Reason **reason);

/* Like sip_parser_parse_datagram, for the start line and header section
 * of a message whose body is not at hand: msg->body is empty and
 * Content-Length is not checked against it. */
SipParseStatus sip_parser_parse_head (SipParser *parser, const guint8 *data,
                                      gsize len, SipMessage *msg,
                                      const Reason **reason);

/* What sip_parser_parse_datagram would make of a message starting with
 * this line (its line end excluded): NOT_SIP, MALFORMED, or OK for a
 * well-formed SIP/2.0 request or status line. */
SipParseStatus sip_message_check_start_line (const guint8 *line, gsize len);

const SipHeader *sip_message_find_header (const SipMessage *msg,
                                          SipHeaderId id, guint nth);

SipMethod sip_method_from_span (SipSpan name);
const char *sip_method_name (SipMethod method);
