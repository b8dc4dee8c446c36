#include "sip/sip_header_names.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"
#include "test_span.h"
#include "test_support.h"

#include <string.h>

#define START "INVITE sip:bob@example.com SIP/2.0\r\n"
#define VIA "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\n"
#define FROM "From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
#define TO "To: <sip:bob@example.com>\r\n"
#define CALL_ID "Call-ID: c1@192.0.2.1\r\n"
#define CSEQ "CSeq: 1 INVITE\r\n"
#define REQUIRED VIA FROM TO CALL_ID CSEQ
#define END "Content-Length: 0\r\n\r\n"
#define RESPONSE "SIP/2.0 200 OK\r\n"

typedef struct {
  SipParser *parser;
  SipMessage msg;
  const Reason *reason;
} Fixture;

static SipParseStatus
parse_len (Fixture *f, const char *text, gsize len)
{
  f->reason = NULL;
  return sip_parser_parse_datagram (f->parser, (const guint8 *) text, len,
                                    &f->msg, &f->reason);
}

static SipParseStatus
parse (Fixture *f, const char *text)
{
  return parse_len (f, text, strlen (text));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->parser = sip_parser_new ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  sip_parser_free (f->parser);
}

static void
assert_ok (Fixture *f, const char *text)
{
  SipParseStatus status = parse (f, text);
  if (status == SIP_PARSE_MALFORMED)
    g_test_message ("malformed: %s", f->reason->text);
  g_assert_cmpint (status, ==, SIP_PARSE_OK);
}

/* ---- start line --------------------------------------------------------- */

static void
test_request_line_fills_method_and_uri (Fixture *f, gconstpointer data)
{
  assert_ok (f, START REQUIRED
             "User-Agent: phone/1.0\r\n"
             "Max-Forwards: 70\r\n" END);
  g_assert_true (f->msg.is_request);
  g_assert_cmpint (f->msg.method, ==, SIP_METHOD_INVITE);
  assert_span (f->msg.method_name, "INVITE");
  assert_span (f->msg.request_uri, "sip:bob@example.com");
  assert_span (f->msg.call_id, "c1@192.0.2.1");
  g_assert_cmpuint (f->msg.cseq, ==, 1);
  g_assert_cmpint (f->msg.cseq_method, ==, SIP_METHOD_INVITE);
  assert_span (f->msg.from.uri, "sip:alice@example.com");
  assert_span (f->msg.from.user, "alice");
  assert_span (f->msg.from.tag, "a1");
  assert_span (f->msg.to.uri, "sip:bob@example.com");
  assert_span (f->msg.to.user, NULL);  /* nothing reads it */
  assert_span (sip_uri_user (f->msg.to.uri), "bob");
  assert_span (f->msg.to.tag, NULL);
  assert_span (f->msg.user_agent, "phone/1.0");
  g_assert_cmpint (f->msg.content_length, ==, 0);
  g_assert_cmpuint (f->msg.n_headers, ==, 0);  /* no Digest header */
}

static void
test_status_line_fills_code_and_reason (Fixture *f, gconstpointer data)
{
  assert_ok (f, "SIP/2.0 486 Busy Here\r\n" REQUIRED END);
  g_assert_false (f->msg.is_request);
  g_assert_cmpuint (f->msg.status_code, ==, 486);
  assert_span (f->msg.reason_phrase, "Busy Here");
  assert_span (f->msg.method_name, NULL);
}

static void
test_status_line_without_reason_phrase_is_accepted (Fixture *f,
                                                     gconstpointer data)
{
  assert_ok (f, "SIP/2.0 180\r\n" REQUIRED END);
  g_assert_cmpuint (f->msg.status_code, ==, 180);
  assert_span (f->msg.reason_phrase, "");
}

static void
test_sip_version_is_case_insensitive (Fixture *f, gconstpointer data)
{
  assert_ok (f, "INVITE sip:bob@example.com sip/2.0\r\n" REQUIRED END);
  assert_ok (f, "sip/2.0 200 OK\r\n" REQUIRED END);
}

static void
test_methods_map_to_enum (Fixture *f, gconstpointer data)
{
  static const char *const names[] = {
    "INVITE", "ACK", "CANCEL", "BYE", "REGISTER", "OPTIONS", "SUBSCRIBE",
    "NOTIFY", "PUBLISH", "MESSAGE", "INFO", "PRACK", "UPDATE", "REFER",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SipSpan span = { names[i], strlen (names[i]) };
      SipMethod m = sip_method_from_span (span);
      g_assert_cmpint (m, ==, (SipMethod) (i + 1));
      g_assert_cmpstr (sip_method_name (m), ==, names[i]);
    }
  SipSpan lower = { "invite", 6 };
  g_assert_cmpint (sip_method_from_span (lower), ==, SIP_METHOD_OTHER);
  g_assert_cmpint (sip_method_from_span (SIP_SPAN_NONE), ==,
                   SIP_METHOD_OTHER);
}

static void
test_leading_crlf_before_start_line_is_skipped (Fixture *f,
                                                gconstpointer data)
{
  const char *text = "\r\n\r\n" START REQUIRED END;
  assert_ok (f, text);
  g_assert_cmpuint (f->msg.length, ==, strlen (text) - 4);
  g_assert_cmpuint (f->msg.trailing, ==, 0);
}

/* ---- not SIP ------------------------------------------------------------ */

static void
assert_not_sip (Fixture *f, const char *text, gsize len)
{
  g_assert_cmpint (parse_len (f, text, len), ==, SIP_PARSE_NOT_SIP);
}

static void
test_http_is_not_sip (Fixture *f, gconstpointer data)
{
  const char *req = "GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n";
  const char *resp = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  assert_not_sip (f, req, strlen (req));
  assert_not_sip (f, resp, strlen (resp));
}

static void
test_keepalives_are_not_sip (Fixture *f, gconstpointer data)
{
  assert_not_sip (f, "\r\n\r\n", 4);
  assert_not_sip (f, "\r\n", 2);
  assert_not_sip (f, "\0", 1);
  assert_not_sip (f, "\0\0\0\0", 4);
  assert_not_sip (f, "", 0);
}

/* An empty GByteArray, such as an empty WebSocket message, has no data. */
static void
test_empty_buffer_without_data_is_not_sip (Fixture *f, gconstpointer data)
{
  assert_not_sip (f, NULL, 0);
  g_assert_cmpint (sip_parser_parse_head (f->parser, NULL, 0, &f->msg,
                                          &f->reason),
                   ==, SIP_PARSE_NOT_SIP);
}

static void
test_binary_is_not_sip (Fixture *f, gconstpointer data)
{
  /* a STUN binding request header */
  static const char stun[] = {
    0x00, 0x01, 0x00, 0x00, 0x21, 0x12, (char) 0xa4, 0x42,
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
  };
  static const char rtp[] = {
    (char) 0x80, 0x00, 0x12, 0x34, 0x00, 0x00, 0x00, 0xa0, 0x0a, '\n', 0x00,
  };
  assert_not_sip (f, stun, sizeof stun);
  assert_not_sip (f, rtp, sizeof rtp);
}

static void
test_plain_text_is_not_sip (Fixture *f, gconstpointer data)
{
  const char *text = "hello world\r\nVia: SIP/2.0/UDP x\r\n\r\n";
  assert_not_sip (f, text, strlen (text));
}

/* ---- headers ------------------------------------------------------------ */

static void
test_compact_forms_map_to_full_names (void)
{
  static const struct {
    char compact;
    const char *full;
    SipHeaderId id;
  } forms[] = {
    { 'i', "Call-ID", SIP_HEADER_CALL_ID },
    { 'm', "Contact", SIP_HEADER_CONTACT },
    { 'e', "Content-Encoding", SIP_HEADER_CONTENT_ENCODING },
    { 'l', "Content-Length", SIP_HEADER_CONTENT_LENGTH },
    { 'c', "Content-Type", SIP_HEADER_CONTENT_TYPE },
    { 'f', "From", SIP_HEADER_FROM },
    { 's', "Subject", SIP_HEADER_SUBJECT },
    { 'k', "Supported", SIP_HEADER_SUPPORTED },
    { 't', "To", SIP_HEADER_TO },
    { 'v', "Via", SIP_HEADER_VIA },
    { 'o', "Event", SIP_HEADER_EVENT },
    { 'u', "Allow-Events", SIP_HEADER_ALLOW_EVENTS },
    { 'r', "Refer-To", SIP_HEADER_REFER_TO },
    { 'b', "Referred-By", SIP_HEADER_REFERRED_BY },
    { 'j', "Reject-Contact", SIP_HEADER_REJECT_CONTACT },
    { 'y', "Identity", SIP_HEADER_IDENTITY },
    { 'x', "Session-Expires", SIP_HEADER_SESSION_EXPIRES },
    { 'a', "Accept-Contact", SIP_HEADER_ACCEPT_CONTACT },
    { 'd', "Request-Disposition", SIP_HEADER_REQUEST_DISPOSITION },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      char lower = forms[i].compact;
      char upper = g_ascii_toupper (lower);
      g_assert_cmpint (sip_header_id_from_name (&lower, 1), ==, forms[i].id);
      g_assert_cmpint (sip_header_id_from_name (&upper, 1), ==, forms[i].id);
      g_assert_cmpint (sip_header_id_from_name (forms[i].full,
                                                strlen (forms[i].full)),
                       ==, forms[i].id);
    }
  g_assert_cmpint (sip_header_id_from_name ("z", 1), ==, SIP_HEADER_OTHER);
  g_assert_cmpint (sip_header_id_from_name ("q", 1), ==, SIP_HEADER_OTHER);
}

static void
test_other_full_names_map_to_ids (void)
{
  static const struct {
    const char *name;
    SipHeaderId id;
  } names[] = {
    { "CSeq", SIP_HEADER_CSEQ },
    { "Max-Forwards", SIP_HEADER_MAX_FORWARDS },
    { "WWW-Authenticate", SIP_HEADER_WWW_AUTHENTICATE },
    { "Proxy-Authenticate", SIP_HEADER_PROXY_AUTHENTICATE },
    { "Authorization", SIP_HEADER_AUTHORIZATION },
    { "Proxy-Authorization", SIP_HEADER_PROXY_AUTHORIZATION },
    { "User-Agent", SIP_HEADER_USER_AGENT },
    { "Server", SIP_HEADER_SERVER },
    { "Date", SIP_HEADER_DATE },
    { "Expires", SIP_HEADER_EXPIRES },
    { "Route", SIP_HEADER_ROUTE },
    { "Record-Route", SIP_HEADER_RECORD_ROUTE },
    { "X-Custom", SIP_HEADER_OTHER },
    { "Vias", SIP_HEADER_OTHER },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpint (sip_header_id_from_name (names[i].name,
                                              strlen (names[i].name)),
                     ==, names[i].id);
}

/* Every full name in upper and lower case gives its id; a name with one
 * byte changed, or one byte more or fewer, gives none. */
static void
test_full_names_match_whole_in_any_case (void)
{
  static const struct {
    const char *name;
    SipHeaderId id;
  } names[] = {
    { "to", SIP_HEADER_TO }, { "via", SIP_HEADER_VIA },
    { "from", SIP_HEADER_FROM }, { "cseq", SIP_HEADER_CSEQ },
    { "date", SIP_HEADER_DATE }, { "route", SIP_HEADER_ROUTE },
    { "event", SIP_HEADER_EVENT }, { "server", SIP_HEADER_SERVER },
    { "call-id", SIP_HEADER_CALL_ID }, { "contact", SIP_HEADER_CONTACT },
    { "expires", SIP_HEADER_EXPIRES }, { "subject", SIP_HEADER_SUBJECT },
    { "identity", SIP_HEADER_IDENTITY }, { "refer-to", SIP_HEADER_REFER_TO },
    { "supported", SIP_HEADER_SUPPORTED },
    { "user-agent", SIP_HEADER_USER_AGENT },
    { "referred-by", SIP_HEADER_REFERRED_BY },
    { "max-forwards", SIP_HEADER_MAX_FORWARDS },
    { "content-type", SIP_HEADER_CONTENT_TYPE },
    { "record-route", SIP_HEADER_RECORD_ROUTE },
    { "allow-events", SIP_HEADER_ALLOW_EVENTS },
    { "authorization", SIP_HEADER_AUTHORIZATION },
    { "content-length", SIP_HEADER_CONTENT_LENGTH },
    { "accept-contact", SIP_HEADER_ACCEPT_CONTACT },
    { "reject-contact", SIP_HEADER_REJECT_CONTACT },
    { "session-expires", SIP_HEADER_SESSION_EXPIRES },
    { "www-authenticate", SIP_HEADER_WWW_AUTHENTICATE },
    { "content-encoding", SIP_HEADER_CONTENT_ENCODING },
    { "proxy-authenticate", SIP_HEADER_PROXY_AUTHENTICATE },
    { "proxy-authorization", SIP_HEADER_PROXY_AUTHORIZATION },
    { "request-disposition", SIP_HEADER_REQUEST_DISPOSITION },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *lower = names[i].name;
      gsize len = strlen (lower);
      char *upper = g_ascii_strup (lower, -1);
      g_assert_cmpint (sip_header_id_from_name (lower, len), ==,
                       names[i].id);
      g_assert_cmpint (sip_header_id_from_name (upper, len), ==,
                       names[i].id);
      char *longer = g_strconcat (lower, "s", NULL);
      g_assert_cmpint (sip_header_id_from_name (longer, len + 1), ==,
                       SIP_HEADER_OTHER);
      g_assert_cmpint (sip_header_id_from_name (lower, len - 1), ==,
                       len - 1 == 1 ? sip_header_id_from_name (lower, 1)
                                    : SIP_HEADER_OTHER);
      for (gsize at = 0; at < len; at++)
        for (const char *c = "_-.!x0"; *c != '\0'; c++)
          {
            if (upper[at] == g_ascii_toupper (*c))
              continue;
            char *changed = g_strdup (upper);
            changed[at] = *c;
            g_assert_cmpint (sip_header_id_from_name (changed, len), ==,
                             SIP_HEADER_OTHER);
            g_free (changed);
          }
      g_free (longer);
      g_free (upper);
    }
}

static void
test_header_names_are_case_insensitive (Fixture *f, gconstpointer data)
{
  assert_ok (f, START
             "vIA: SIP/2.0/UDP h1;branch=z9hG4bKx\r\n"
             "FROM: <sip:a@example.com>;TAG=t1\r\n"
             "to: <sip:b@example.com>\r\n"
             "CALL-id: cid\r\n"
             "cseq: 1 INVITE\r\n"
             "CONTENT-LENGTH: 0\r\n\r\n");
  assert_span (f->msg.call_id, "cid");
  assert_span (f->msg.from.tag, "t1");
  assert_span (f->msg.top_via.host, "h1");
  g_assert_cmpint (f->msg.content_length, ==, 0);
}

static void
test_compact_forms_fill_fields (Fixture *f, gconstpointer data)
{
  assert_ok (f, START
             "v: SIP/2.0/TCP h2:5070;branch=z9hG4bKc\r\n"
             "f: <sip:a@example.com>;tag=ft\r\n"
             "t: sip:b@example.com;tag=tt\r\n"
             "i: compact@h2\r\n"
             "CSeq: 7 INVITE\r\n"
             "m: <sip:a@h2:5070>\r\n"
             "c: application/sdp\r\n"
             "l: 4\r\n\r\nbody");
  assert_span (f->msg.call_id, "compact@h2");
  assert_span (f->msg.from.tag, "ft");
  assert_span (f->msg.to.tag, "tt");
  assert_span (f->msg.top_via.transport, "TCP");
  g_assert_cmpuint (f->msg.top_via.port, ==, 5070);
  g_assert_cmpint (f->msg.content_length, ==, 4);
  assert_span (f->msg.body, "body");
}

static void
test_continuation_lines_belong_to_previous_header (Fixture *f,
                                                   gconstpointer data)
{
  assert_ok (f, START
             "Via: SIP/2.0/UDP\r\n 192.0.2.1\r\n\t;branch=z9hG4bKf\r\n"
             "From:\r\n  <sip:alice@example.com>\r\n  ;tag=fold\r\n"
             "To: <sip:bob@example.com>\r\n"
             "Call-ID: c1\r\n"
             "CSeq: 1\r\n INVITE\r\n"
             "Subject: first\r\n second\r\n"
             "Authorization: Digest\r\n username=\"a\"\r\n"
             END);
  assert_span (f->msg.top_via.host, "192.0.2.1");
  assert_span (f->msg.top_via.branch, "z9hG4bKf");
  assert_span (f->msg.from.tag, "fold");
  g_assert_cmpint (f->msg.cseq_method, ==, SIP_METHOD_INVITE);
  const SipHeader *auth = sip_message_find_header (&f->msg,
                                                   SIP_HEADER_AUTHORIZATION,
                                                   0);
  g_assert_nonnull (auth);
  assert_span (auth->value, "Digest\r\n username=\"a\"");
  g_assert_cmpuint (f->msg.n_headers, ==, 1);
}

static void
test_white_space_before_colon_is_accepted (Fixture *f, gconstpointer data)
{
  assert_ok (f, START
             "Via  : SIP/2.0/UDP h\r\n"
             "From\t: <sip:a@example.com>;tag=1\r\n"
             "To : <sip:b@example.com>\r\n"
             "Call-ID :c\r\n"
             "CSeq:1 INVITE\r\n"
             "Authorization  : Digest nc=1\r\n" END);
  assert_span (f->msg.top_via.host, "h");
  assert_span (f->msg.headers[0].name, "Authorization");
  assert_span (f->msg.call_id, "c");
}

static void
test_find_header_returns_nth_of_an_id (Fixture *f, gconstpointer data)
{
  assert_ok (f, START REQUIRED
             "Proxy-Authorization: Digest realm=\"p1\"\r\n"
             "Route: <sip:p1.example.com;lr>\r\n"
             "Proxy-Authorization: Digest realm=\"p2\"\r\n" END);
  const SipHeader *a0 = sip_message_find_header (
      &f->msg, SIP_HEADER_PROXY_AUTHORIZATION, 0);
  const SipHeader *a1 = sip_message_find_header (
      &f->msg, SIP_HEADER_PROXY_AUTHORIZATION, 1);
  g_assert_nonnull (a0);
  g_assert_nonnull (a1);
  assert_span (a0->value, "Digest realm=\"p1\"");
  assert_span (a1->value, "Digest realm=\"p2\"");
  g_assert_null (sip_message_find_header (
      &f->msg, SIP_HEADER_PROXY_AUTHORIZATION, 2));
  g_assert_null (sip_message_find_header (&f->msg,
                                          SIP_HEADER_AUTHORIZATION, 0));
}

static void
test_only_digest_headers_are_kept (Fixture *f, gconstpointer data)
{
  assert_ok (f, RESPONSE REQUIRED
             "Route: <sip:p1.example.com;lr>\r\n"
             "WWW-Authenticate: Digest realm=\"w\"\r\n"
             "Subject: s\r\n"
             "Proxy-Authenticate: Digest realm=\"p\"\r\n"
             "Authorization: Digest username=\"a\"\r\n" END);
  g_assert_cmpuint (f->msg.n_headers, ==, 3);
  g_assert_cmpint (f->msg.headers[0].id, ==, SIP_HEADER_WWW_AUTHENTICATE);
  g_assert_cmpint (f->msg.headers[1].id, ==, SIP_HEADER_PROXY_AUTHENTICATE);
  g_assert_cmpint (f->msg.headers[2].id, ==, SIP_HEADER_AUTHORIZATION);
  assert_span (f->msg.headers[1].name, "Proxy-Authenticate");
  g_assert_null (sip_message_find_header (&f->msg, SIP_HEADER_ROUTE, 0));
  g_assert_null (sip_message_find_header (&f->msg, SIP_HEADER_SUBJECT, 0));
}

static void
test_identical_repeated_headers_are_accepted (Fixture *f, gconstpointer data)
{
  assert_ok (f, START REQUIRED CALL_ID CSEQ
             "Max-Forwards: 70\r\nMax-Forwards: 70\r\n"
             "Content-Length: 0\r\n" END);
  g_assert_cmpint (f->msg.content_length, ==, 0);
}

static void
test_many_headers_grow_the_array_up_to_the_cap (Fixture *f,
                                                gconstpointer data)
{
  GString *s = g_string_new (START REQUIRED);
  for (guint i = 0; i < 1024 - 6; i++)
    g_string_append_printf (s, "Authorization: Digest nc=%u\r\n", i);
  g_string_append (s, END);
  assert_ok (f, s->str);
  g_assert_cmpuint (f->msg.n_headers, ==, 1018);
  const SipHeader *last = &f->msg.headers[1017];
  assert_span (last->value, "Digest nc=1017");
  /* the same parser then parses a small message */
  assert_ok (f, START REQUIRED "Authorization: Digest nc=0\r\n" END);
  g_assert_cmpuint (f->msg.n_headers, ==, 1);
  assert_span (f->msg.headers[0].value, "Digest nc=0");
  g_string_free (s, TRUE);
}

/* ---- Via ---------------------------------------------------------------- */

static void
test_via_values_are_counted_across_headers (Fixture *f, gconstpointer data)
{
  assert_ok (f, START
             "Via: SIP/2.0/TLS first.example.com:5061;branch=z9hG4bKtop, "
             "SIP/2.0/UDP second.example.com;branch=z9hG4bK2\r\n"
             "Via: SIP/2.0/TCP third.example.com;received=192.0.2.3\r\n"
             "v: SIP/2.0/UDP fourth.example.com, SIP/2.0/UDP fifth\r\n"
             FROM TO CALL_ID CSEQ END);
  g_assert_cmpuint (f->msg.via_count, ==, 5);
  assert_span (f->msg.top_via.transport, "TLS");
  assert_span (f->msg.top_via.host, "first.example.com");
  g_assert_cmpuint (f->msg.top_via.port, ==, 5061);
  assert_span (f->msg.top_via.branch, "z9hG4bKtop");
}

static void
test_via_ipv6_host_loses_brackets (Fixture *f, gconstpointer data)
{
  assert_ok (f, START
             "Via: SIP/2.0/UDP [2001:db8::1]:5062;branch=z9hG4bK6\r\n"
             FROM TO CALL_ID CSEQ END);
  assert_span (f->msg.top_via.host, "2001:db8::1");
  g_assert_cmpuint (f->msg.top_via.port, ==, 5062);
}

static void
test_via_without_port_or_branch_leaves_them_empty (Fixture *f,
                                                   gconstpointer data)
{
  assert_ok (f, START "Via: SIP/2.0/UDP host.example.com\r\n"
             FROM TO CALL_ID CSEQ END);
  g_assert_cmpuint (f->msg.top_via.port, ==, 0);
  assert_span (f->msg.top_via.branch, NULL);
}

static void
test_comma_inside_quoted_via_param_does_not_split (Fixture *f,
                                                   gconstpointer data)
{
  assert_ok (f, START
             "Via: SIP/2.0/UDP h1;x=\"a, \\\"b\\\", c\";branch=z9hG4bKq, "
             "SIP/2.0/UDP h2\r\n" FROM TO CALL_ID CSEQ END);
  g_assert_cmpuint (f->msg.via_count, ==, 2);
  assert_span (f->msg.top_via.branch, "z9hG4bKq");
}

/* ---- name-addr ---------------------------------------------------------- */

static void
test_quoted_display_name_with_escaped_quotes_and_commas (Fixture *f,
                                                         gconstpointer data)
{
  assert_ok (f, START VIA
             "From: \"Doe, \\\"JJ\\\" <John>\" <sip:jdoe@example.com>"
             ";tag=q1\r\n"
             "To: \"a\\\\\" <sip:b@example.com>\r\n"
             "Contact: \"x, y\" <sip:c@h>, <sip:d@h>;q=0.5,"
             " sip:e@h;expires=60\r\n"
             CALL_ID CSEQ END);
  assert_span (f->msg.from.uri, "sip:jdoe@example.com");
  assert_span (f->msg.from.tag, "q1");
  assert_span (f->msg.to.uri, "sip:b@example.com");
}

static void
test_addr_spec_without_brackets_takes_params_as_header_params (
  Fixture *f, gconstpointer data)
{
  assert_ok (f, START VIA
             "From: sip:alice@example.com;tag=p1\r\n"
             "To: tel:+1-201-555-0123;tag=p2\r\n"
             CALL_ID CSEQ END);
  assert_span (f->msg.from.uri, "sip:alice@example.com");
  assert_span (f->msg.from.tag, "p1");
  assert_span (f->msg.to.uri, "tel:+1-201-555-0123");
  assert_span (sip_uri_user (f->msg.to.uri), "+1-201-555-0123");
  assert_span (f->msg.to.tag, "p2");
}

static void
test_uri_user_skips_password_and_other_schemes (Fixture *f,
                                                gconstpointer data)
{
  assert_ok (f, START VIA
             "From: Alice <sips:alice:secret@example.com;transport=tls>"
             ";tag=1\r\n"
             "To: <http://example.com/bob>\r\n" CALL_ID CSEQ END);
  assert_span (f->msg.from.user, "alice");
  assert_span (sip_uri_user (f->msg.to.uri), NULL);
}

static void
test_contact_star_is_accepted (Fixture *f, gconstpointer data)
{
  assert_ok (f, "REGISTER sip:example.com SIP/2.0\r\n" VIA FROM TO CALL_ID
             "CSeq: 2 REGISTER\r\nContact: *\r\nExpires: 0\r\n" END);
  g_assert_cmpint (f->msg.method, ==, SIP_METHOD_REGISTER);
}

static void
test_unquoted_utf8_display_name_is_tolerated (Fixture *f, gconstpointer data)
{
  assert_ok (f, START VIA
             "From: J\xc3\xb6rg M\xc3\xbcller <sip:j@example.com>;tag=u8\r\n"
             TO CALL_ID CSEQ END);
  assert_span (f->msg.from.tag, "u8");
}

/* ---- line ends and framing ---------------------------------------------- */

static void
test_lf_only_line_ends_are_accepted (Fixture *f, gconstpointer data)
{
  assert_ok (f, "OPTIONS sip:bob@example.com SIP/2.0\n"
             "Via: SIP/2.0/UDP h;branch=z9hG4bKlf\n"
             "From: <sip:a@example.com>;tag=lf\n"
             "To: <sip:bob@example.com>\n"
             "Call-ID: lf-only\n"
             "CSeq: 3 OPTIONS\n"
             "Subject: folded\n continued\n"
             "Content-Length: 2\n\nok");
  assert_span (f->msg.call_id, "lf-only");
  assert_span (f->msg.top_via.branch, "z9hG4bKlf");
  assert_span (f->msg.body, "ok");
}

static void
test_body_is_content_length_bytes (Fixture *f, gconstpointer data)
{
  const char *text = START REQUIRED "Content-Length: 5\r\n\r\nhello";
  assert_ok (f, text);
  assert_span (f->msg.body, "hello");
  g_assert_cmpuint (f->msg.length, ==, strlen (text));
  g_assert_cmpuint (f->msg.trailing, ==, 0);
}

static void
test_bytes_after_content_length_are_trailing (Fixture *f, gconstpointer data)
{
  const char *text = START REQUIRED "Content-Length: 3\r\n\r\nabcXYZW";
  assert_ok (f, text);
  assert_span (f->msg.body, "abc");
  g_assert_cmpuint (f->msg.trailing, ==, 4);
  g_assert_cmpuint (f->msg.length, ==, strlen (text) - 4);
}

static void
test_without_content_length_body_is_the_rest (Fixture *f, gconstpointer data)
{
  assert_ok (f, START REQUIRED "\r\nv=0\r\n");
  g_assert_cmpint (f->msg.content_length, ==, -1);
  assert_span (f->msg.body, "v=0\r\n");
  g_assert_cmpuint (f->msg.trailing, ==, 0);
}

static void
test_body_may_hold_nul_bytes (Fixture *f, gconstpointer data)
{
  static const char text[] = START REQUIRED "Content-Length: 3\r\n\r\na\0b";
  g_assert_cmpint (parse_len (f, text, sizeof text - 1), ==, SIP_PARSE_OK);
  g_assert_cmpuint (f->msg.body.len, ==, 3);
}

static void
test_user_agent_or_server_fills_user_agent (Fixture *f, gconstpointer data)
{
  assert_ok (f, RESPONSE REQUIRED "Server: pbx/2\r\n" END);
  assert_span (f->msg.user_agent, "pbx/2");
  assert_ok (f, RESPONSE REQUIRED "User-Agent: ua/1\r\n" END);
  assert_span (f->msg.user_agent, "ua/1");
  assert_ok (f, START REQUIRED "Server: pbx/2\r\n" END);
  assert_span (f->msg.user_agent, NULL);
  assert_ok (f, RESPONSE REQUIRED END);
  assert_span (f->msg.user_agent, NULL);
}

/* ---- malformed ---------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *text;
  const char *reason;
} MalformedCase;

static const MalformedCase malformed_cases[] = {
  { "status_line_bad_version_shape", "SIP/2.0/200 OK\r\n" REQUIRED END,
    "malformed status line" },
  { "status_line_double_space", "SIP/2.0  200 OK\r\n" REQUIRED END,
    "malformed status line" },
  { "status_code_four_digits", "SIP/2.0 2000 OK\r\n" REQUIRED END,
    "bad status code" },
  { "status_code_below_100", "SIP/2.0 099 Low\r\n" REQUIRED END,
    "bad status code" },
  { "status_code_above_699", "SIP/2.0 700 High\r\n" REQUIRED END,
    "bad status code" },
  { "status_version_3_0", "SIP/3.0 200 OK\r\n" REQUIRED END,
    "unsupported sip version" },
  { "request_version_1_0", "INVITE sip:bob@example.com SIP/1.0\r\n" REQUIRED
    END, "unsupported sip version" },
  { "request_line_without_uri", "INVITE SIP/2.0\r\n" REQUIRED END,
    "malformed request line" },
  { "method_not_a_token", "INV@TE sip:bob@example.com SIP/2.0\r\n" REQUIRED
    END, "bad method" },
  { "double_space_after_method",
    "INVITE  sip:bob@example.com SIP/2.0\r\n" REQUIRED END,
    "extra white space in request line" },
  { "double_space_before_version",
    "INVITE sip:bob@example.com  SIP/2.0\r\n" REQUIRED END,
    "extra white space in request line" },
  { "space_inside_request_uri",
    "INVITE sip:bob@example.com; lr SIP/2.0\r\n" REQUIRED END,
    "white space in request-uri" },
  { "trailing_space_after_version",
    "INVITE sip:bob@example.com SIP/2.0 \r\n" REQUIRED END,
    "trailing white space in request line" },
  { "request_uri_in_brackets",
    "INVITE <sip:bob@example.com> SIP/2.0\r\n" REQUIRED END,
    "request-uri in angle brackets" },
  { "request_uri_without_scheme", "INVITE bob@example.com SIP/2.0\r\n"
    REQUIRED END, "request-uri without scheme" },
  { "request_uri_bad_port", "INVITE sip:bob@example.com:99999 SIP/2.0\r\n"
    REQUIRED END, "bad request-uri host or port" },
  { "request_uri_unbracketed_ipv6", "INVITE sip:2001:db8::1 SIP/2.0\r\n"
    REQUIRED END, "bad request-uri host or port" },
  { "start_line_only", "INVITE sip:bob@example.com SIP/2.0",
    "header section not terminated" },
  { "header_without_colon", START REQUIRED "Broken header\r\n" END,
    "malformed header line" },
  { "header_with_empty_name", START REQUIRED ": value\r\n" END,
    "malformed header line" },
  { "header_name_not_a_token", START REQUIRED "Bad(Name): v\r\n" END,
    "malformed header line" },
  { "continuation_first", START " folded\r\n" REQUIRED END,
    "continuation line without header" },
  { "call_id_empty", START VIA FROM TO "Call-ID:\r\n" CSEQ END,
    "malformed call-id header" },
  { "call_id_with_space", START VIA FROM TO "Call-ID: a b\r\n" CSEQ END,
    "malformed call-id header" },
  { "content_length_negative", START REQUIRED "Content-Length: -1\r\n\r\n",
    "bad content-length" },
  { "content_length_not_a_number", START REQUIRED "l: ten\r\n\r\n",
    "bad content-length" },
  { "content_length_huge", START REQUIRED
    "Content-Length: 99999999999999999999999\r\n\r\n", "bad content-length" },
  { "max_forwards_256", START REQUIRED "Max-Forwards: 256\r\n" END,
    "bad max-forwards" },
  { "max_forwards_not_a_number", START REQUIRED "Max-Forwards: x\r\n" END,
    "bad max-forwards" },
  { "two_call_ids", START REQUIRED "Call-ID: other\r\n" END,
    "conflicting call-id headers" },
  { "two_cseqs", START REQUIRED "CSeq: 2 INVITE\r\n" END,
    "conflicting cseq headers" },
  { "two_froms", START REQUIRED "From: <sip:eve@example.com>;tag=e\r\n" END,
    "conflicting from headers" },
  { "two_tos", START REQUIRED "To: <sip:eve@example.com>\r\n" END,
    "conflicting to headers" },
  { "two_content_lengths", START REQUIRED "l: 1\r\nl: 2\r\n\r\nab",
    "conflicting content-length headers" },
  { "two_max_forwards", START REQUIRED "Max-Forwards: 70\r\n"
    "Max-Forwards: 69\r\n" END, "conflicting max-forwards headers" },
  { "no_call_id", START VIA FROM TO CSEQ END, "missing call-id header" },
  { "no_cseq", START VIA FROM TO CALL_ID END, "missing cseq header" },
  { "no_from", START VIA TO CALL_ID CSEQ END, "missing from header" },
  { "no_to", START VIA FROM CALL_ID CSEQ END, "missing to header" },
  { "no_via", START FROM TO CALL_ID CSEQ END, "missing via header" },
  { "cseq_method_differs", START VIA FROM TO CALL_ID "CSeq: 1 BYE\r\n" END,
    "cseq method does not match request method" },
  { "cseq_without_method", START VIA FROM TO CALL_ID "CSeq: 1\r\n" END,
    "malformed cseq header" },
  { "cseq_without_number", START VIA FROM TO CALL_ID "CSeq: INVITE\r\n" END,
    "malformed cseq header" },
  { "cseq_without_space", START VIA FROM TO CALL_ID "CSeq: 1INVITE\r\n" END,
    "malformed cseq header" },
  { "cseq_method_then_garbage", START VIA FROM TO CALL_ID
    "CSeq: 1 INVITE x\r\n" END, "malformed cseq header" },
  { "cseq_unknown_method", START VIA FROM TO CALL_ID "CSeq: 1 INVITEX\r\n"
    END, "cseq method does not match request method" },
  { "cseq_over_32_bits", START VIA FROM TO CALL_ID
    "CSeq: 4294967296 INVITE\r\n" END, "cseq number out of range" },
  { "body_shorter_than_content_length", START REQUIRED
    "Content-Length: 10\r\n\r\nshort", "body shorter than content-length" },
  { "via_without_transport", START "Via: SIP/2.0 192.0.2.1\r\n"
    FROM TO CALL_ID CSEQ END, "malformed via header" },
  { "via_without_host", START "Via: SIP/2.0/UDP\r\n" FROM TO CALL_ID CSEQ END,
    "malformed via header" },
  { "via_port_too_big", START "Via: SIP/2.0/UDP h:65536\r\n"
    FROM TO CALL_ID CSEQ END, "malformed via header" },
  { "via_garbage_after_host", START "Via: SIP/2.0/UDP h x\r\n"
    FROM TO CALL_ID CSEQ END, "malformed via header" },
  { "via_empty_value", START "Via: SIP/2.0/UDP h,,SIP/2.0/UDP h2\r\n"
    FROM TO CALL_ID CSEQ END, "empty via parameter or value" },
  { "via_trailing_comma", START "Via: SIP/2.0/UDP h,\r\n"
    FROM TO CALL_ID CSEQ END, "empty via parameter or value" },
  { "to_missing_closing_bracket", START VIA FROM
    "To: <sip:bob@example.com\r\n" CALL_ID CSEQ END, "malformed name-addr" },
  { "to_display_name_without_uri", START VIA FROM "To: Bob\r\n" CALL_ID CSEQ
    END, "malformed name-addr" },
  { "to_garbage_after_uri", START VIA FROM "To: <sip:b@example.com> x\r\n"
    CALL_ID CSEQ END, "malformed name-addr" },
  { "to_two_values", START VIA FROM
    "To: <sip:b@example.com>, <sip:c@example.com>\r\n" CALL_ID CSEQ END,
    "malformed name-addr" },
  { "display_name_open_quote", START VIA FROM
    "To: \"Bob <sip:bob@example.com>\r\n" CALL_ID CSEQ END,
    "unbalanced quotes" },
  { "empty_header_parameter", START VIA FROM
    "To: <sip:bob@example.com>;;x=1\r\n" CALL_ID CSEQ END,
    "malformed header parameter" },
  { "header_parameter_without_value", START VIA
    "From: <sip:a@example.com>;tag=\r\n" TO CALL_ID CSEQ END,
    "malformed header parameter" },
  /* a bad From or To that leaves no URI to take stays fatal */
  { "from_unbalanced_quote_hides_uri", START VIA
    "From: \"Alice <sip:alice@example.com>;tag=a1\r\n" TO CALL_ID CSEQ END,
    "unbalanced quotes" },
  { "white_space_within_bracketed_uri", START VIA FROM
    "To: <sip:bob @example.com>\r\n" CALL_ID CSEQ END,
    "white space inside angle brackets" },
};

/* Violations that leave what the analysis uses intact: the parse is OK
 * and msg.violation holds the reason. */
static const MalformedCase violation_cases[] = {
  { "datagram_ends_inside_last_header_line", START REQUIRED
    "Content-Length: 0", "no empty line after the header section" },
  { "datagram_ends_after_last_header_line", START REQUIRED,
    "no empty line after the header section" },
  { "via_empty_parameter", START "Via: SIP/2.0/UDP h;;branch=z9hG4bK1\r\n"
    FROM TO CALL_ID CSEQ END, "empty via parameter or value" },
  { "via_trailing_semicolon", START "Via: SIP/2.0/UDP h;branch=z9hG4bK1;\r\n"
    FROM TO CALL_ID CSEQ END, "empty via parameter or value" },
  { "request_uri_with_headers",
    "INVITE sip:bob@example.com?Subject=hi SIP/2.0\r\n" REQUIRED END,
    "request-uri has headers" },
  { "date_not_gmt", START REQUIRED "Date: Sat, 13 Nov 2010 23:29:00 PST\r\n"
    END, "date not in gmt" },
  { "display_name_with_comma", START VIA FROM
    "To: Bob, Jr <sip:bob@example.com>\r\n" CALL_ID CSEQ END,
    "display name is not tokens or a quoted string" },
  { "space_after_left_bracket", START VIA FROM
    "To: < sip:bob@example.com>\r\n" CALL_ID CSEQ END,
    "white space inside angle brackets" },
  { "space_before_right_bracket", START VIA FROM
    "To: <sip:bob@example.com >\r\n" CALL_ID CSEQ END,
    "white space inside angle brackets" },
  { "unbracketed_contact_with_headers", START REQUIRED
    "Contact: sip:a@example.com?Subject=x\r\n" END,
    "uri with '?' or ',' outside angle brackets" },
  { "unbracketed_to_with_comma", START VIA FROM
    "To: sip:a,b@example.com\r\n" CALL_ID CSEQ END,
    "uri with '?' or ',' outside angle brackets" },
  { "contact_trailing_comma", START REQUIRED
    "Contact: <sip:a@example.com>,\r\n" END, "malformed name-addr" },
};

static void
test_malformed (Fixture *f, gconstpointer data)
{
  const MalformedCase *c = data;
  g_assert_cmpint (parse (f, c->text), ==, SIP_PARSE_MALFORMED);
  g_assert_nonnull (f->reason);
  g_assert_cmpstr (f->reason->layer, ==, "sip");
  g_assert_cmpstr (f->reason->text, ==, c->reason);
}

static void
test_violation (Fixture *f, gconstpointer data)
{
  const MalformedCase *c = data;
  SipParseStatus status = parse (f, c->text);
  if (status == SIP_PARSE_MALFORMED)
    g_test_message ("malformed: %s", f->reason->text);
  g_assert_cmpint (status, ==, SIP_PARSE_OK);
  g_assert_nonnull (f->msg.violation);
  g_assert_cmpstr (f->msg.violation->layer, ==, "sip");
  g_assert_cmpstr (f->msg.violation->text, ==, c->reason);
}

/* A head whose body is not at hand (over a stream's cap) parses without
 * checking Content-Length; the same bytes as a datagram do not. */
static void
test_head_without_body_parses (Fixture *f, gconstpointer data)
{
  const char *head = START REQUIRED "Content-Length: 70000\r\n\r\n";
  const Reason *reason = NULL;
  g_assert_cmpint (sip_parser_parse_head (f->parser, (const guint8 *) head,
                                          strlen (head), &f->msg, &reason),
                   ==, SIP_PARSE_OK);
  g_assert_cmpint (f->msg.content_length, ==, 70000);
  g_assert_cmpuint (f->msg.body.len, ==, 0);
  g_assert_cmpint (parse (f, head), ==, SIP_PARSE_MALFORMED);
  g_assert_cmpstr (f->reason->text, ==, "body shorter than content-length");
}

/* A phone's From with backslash-quotes outside a quoted string, as
 * Wireshark still analyses it. */
static void
test_backslash_quoted_display_name_keeps_tag (Fixture *f, gconstpointer data)
{
  SipParseStatus status = parse (
      f, START VIA
         "f: \\\"arik\\\" <sip:816666@voip.brujula.net>;tag=6433ef9\r\n"
         TO CALL_ID CSEQ END);
  g_assert_cmpint (status, ==, SIP_PARSE_OK);
  assert_span (f->msg.from.uri, "sip:816666@voip.brujula.net");
  assert_span (f->msg.from.user, "816666");
  assert_span (f->msg.from.tag, "6433ef9");
  g_assert_nonnull (f->msg.violation);
  g_assert_cmpstr (f->msg.violation->text, ==,
                   "display name is not tokens or a quoted string");
}

/* Contact is not used by the analysis: even a value with no URI in it is
 * only a violation, and the rest of the message is still read. */
static void
test_bad_contact_is_a_violation (Fixture *f, gconstpointer data)
{
  SipParseStatus status = parse (f, START REQUIRED
                                 "Contact: <sip:a@example.com\r\n" END);
  g_assert_cmpint (status, ==, SIP_PARSE_OK);
  assert_span (f->msg.call_id, "c1@192.0.2.1");
  assert_span (f->msg.from.tag, "a1");
  g_assert_cmpint (f->msg.content_length, ==, 0);
  g_assert_nonnull (f->msg.violation);
  g_assert_cmpstr (f->msg.violation->text, ==, "malformed name-addr");
}

/* The first violation wins, and a later fatal fault still rejects. */
static void
test_first_violation_wins (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (parse (f, START VIA
                          "From: Bell, A <sip:a@example.com>;tag=1\r\n"
                          "To: < sip:b@example.com >\r\n"
                          "Date: Fri, 01 Jan 2010 16:00:00 EST\r\n"
                          CALL_ID CSEQ END), ==, SIP_PARSE_OK);
  g_assert_cmpstr (f->msg.violation->text, ==,
                   "display name is not tokens or a quoted string");
  assert_span (f->msg.to.uri, "sip:b@example.com");
}

static void
test_fatal_stays_malformed_after_a_violation (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (parse (f, START VIA FROM TO
                          "Contact: sip:a@example.com?x=y\r\n"
                          "Call-ID: a b\r\n" CSEQ END), ==,
                   SIP_PARSE_MALFORMED);
  g_assert_cmpstr (f->reason->text, ==, "malformed call-id header");
}

static void
test_valid_message_has_no_violation (Fixture *f, gconstpointer data)
{
  assert_ok (f, START REQUIRED "Contact: <sip:a@example.com>\r\n"
             "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n" END);
  g_assert_null (f->msg.violation);
}

static void
test_more_than_1024_header_lines_are_malformed (Fixture *f,
                                                gconstpointer data)
{
  GString *s = g_string_new (START REQUIRED);
  for (guint i = 0; i < 1024 - 5; i++)
    g_string_append_printf (s, "X-H%u: %u\r\n", i, i);
  g_string_append (s, END);
  g_assert_cmpint (parse (f, s->str), ==, SIP_PARSE_MALFORMED);
  g_assert_cmpstr (f->reason->text, ==, "too many header lines");
  g_string_free (s, TRUE);
}

static void
test_huge_header_section_is_malformed (Fixture *f, gconstpointer data)
{
  GString *s = g_string_new (START REQUIRED "X-Big: ");
  for (guint i = 0; i < 70000; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\r\n" END);
  g_assert_cmpint (parse (f, s->str), ==, SIP_PARSE_MALFORMED);
  g_assert_cmpstr (f->reason->text, ==, "header section too large");
  g_string_free (s, TRUE);
}

static void
test_reason_constants_are_shared (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (parse (f, START VIA FROM TO CSEQ END), ==,
                   SIP_PARSE_MALFORMED);
  const Reason *first = f->reason;
  g_assert_cmpint (parse (f, "SIP/2.0 200 OK\r\n" VIA FROM TO CSEQ END), ==,
                   SIP_PARSE_MALFORMED);
  g_assert_true (first == f->reason);
}

/* Control bytes other than LWS end neither a Call-ID nor a URI, though
 * the sixteen-byte searches take every byte up to SP for a candidate. */
static void
test_control_bytes_are_not_white_space (Fixture *f, gconstpointer data)
{
  assert_ok (f, START
             "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK\x01\x1f\x7f\r\n"
             "From: <sip:al\x01ice@example.com\x1f>;tag=a\x02\r\n"
             "To: <sip:bob@example.com>\r\n"
             "Call-ID: c\x01\x0b\x0c\x1f-0123456789@192.0.2.1\r\n"
             CSEQ END);
  g_assert_null (f->msg.violation);
  assert_span (f->msg.call_id, "c\x01\x0b\x0c\x1f-0123456789@192.0.2.1");
  assert_span (f->msg.from.uri, "sip:al\x01ice@example.com\x1f");
  assert_span (f->msg.from.user, "al\x01ice");
  assert_span (f->msg.from.tag, "a\x02");
  assert_span (f->msg.top_via.branch, "z9hG4bK\x01\x1f\x7f");
}

/* A last header (matched by its name before its line end is searched,
 * or read by the general path) of every length, in a buffer that ends right
 * after it: its line end falls at every offset of the 16-byte blocks the
 * parser searches, also in the last one, read overlapping the bytes
 * before. The buffer is a heap copy of its exact size, so that ASan sees a
 * read past it. */
static void
test_line_ends_are_found_at_every_offset (Fixture *f, gconstpointer data)
{
  /* a name matched at once, and one the general path reads */
  static const char *const names[] = { "Authorization", "Authorization " };
  static const char *const endings[] = { "\r\n\r\n", "\n\n", "\r\n", "" };
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    for (guint e = 0; e < G_N_ELEMENTS (endings); e++)
      for (guint digits = 1; digits <= 40; digits++)
        {
          GString *s = g_string_new (START REQUIRED);
          g_string_append_printf (s, "%s: ", names[n]);
          for (guint i = 0; i < digits; i++)
            g_string_append_c (s, '0');
          g_string_append (s, endings[e]);
          guint8 *copy = g_memdup2 (s->str, s->len);
          const Reason *reason = NULL;
          g_assert_cmpint (sip_parser_parse_datagram (f->parser, copy, s->len,
                                                      &f->msg, &reason),
                           ==, SIP_PARSE_OK);
          const SipHeader *last = &f->msg.headers[f->msg.n_headers - 1];
          g_assert_cmpuint (last->value.len, ==, digits);
          g_assert_true (f->msg.violation == NULL || e >= 2);
          g_free (copy);
          g_string_free (s, TRUE);
        }
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/sip/start_line/request_line_fills_method_and_uri",
       test_request_line_fills_method_and_uri);
  ADD ("/sip/start_line/status_line_fills_code_and_reason",
       test_status_line_fills_code_and_reason);
  ADD ("/sip/start_line/status_line_without_reason_phrase_is_accepted",
       test_status_line_without_reason_phrase_is_accepted);
  ADD ("/sip/start_line/sip_version_is_case_insensitive",
       test_sip_version_is_case_insensitive);
  ADD ("/sip/start_line/methods_map_to_enum", test_methods_map_to_enum);
  ADD ("/sip/start_line/leading_crlf_before_start_line_is_skipped",
       test_leading_crlf_before_start_line_is_skipped);
  ADD ("/sip/not_sip/http", test_http_is_not_sip);
  ADD ("/sip/not_sip/keepalives", test_keepalives_are_not_sip);
  ADD ("/sip/not_sip/empty_buffer_without_data",
       test_empty_buffer_without_data_is_not_sip);
  ADD ("/sip/not_sip/binary", test_binary_is_not_sip);
  ADD ("/sip/not_sip/plain_text", test_plain_text_is_not_sip);
  g_test_add_func ("/sip/header/compact_forms_map_to_full_names",
                   test_compact_forms_map_to_full_names);
  g_test_add_func ("/sip/header/other_full_names_map_to_ids",
                   test_other_full_names_map_to_ids);
  g_test_add_func ("/sip/header/full_names_match_whole_in_any_case",
                   test_full_names_match_whole_in_any_case);
  ADD ("/sip/header/names_are_case_insensitive",
       test_header_names_are_case_insensitive);
  ADD ("/sip/header/compact_forms_fill_fields",
       test_compact_forms_fill_fields);
  ADD ("/sip/header/continuation_lines_belong_to_previous_header",
       test_continuation_lines_belong_to_previous_header);
  ADD ("/sip/header/white_space_before_colon_is_accepted",
       test_white_space_before_colon_is_accepted);
  ADD ("/sip/header/find_header_returns_nth_of_an_id",
       test_find_header_returns_nth_of_an_id);
  ADD ("/sip/header/only_digest_headers_are_kept",
       test_only_digest_headers_are_kept);
  ADD ("/sip/header/control_bytes_are_not_white_space",
       test_control_bytes_are_not_white_space);
  ADD ("/sip/header/line_ends_are_found_at_every_offset",
       test_line_ends_are_found_at_every_offset);
  ADD ("/sip/header/identical_repeated_headers_are_accepted",
       test_identical_repeated_headers_are_accepted);
  ADD ("/sip/header/many_headers_grow_the_array_up_to_the_cap",
       test_many_headers_grow_the_array_up_to_the_cap);
  ADD ("/sip/via/values_are_counted_across_headers",
       test_via_values_are_counted_across_headers);
  ADD ("/sip/via/ipv6_host_loses_brackets", test_via_ipv6_host_loses_brackets);
  ADD ("/sip/via/without_port_or_branch_leaves_them_empty",
       test_via_without_port_or_branch_leaves_them_empty);
  ADD ("/sip/via/comma_inside_quoted_param_does_not_split",
       test_comma_inside_quoted_via_param_does_not_split);
  ADD ("/sip/name_addr/quoted_display_name_with_escaped_quotes_and_commas",
       test_quoted_display_name_with_escaped_quotes_and_commas);
  ADD ("/sip/name_addr/addr_spec_params_are_header_params",
       test_addr_spec_without_brackets_takes_params_as_header_params);
  ADD ("/sip/name_addr/uri_user_skips_password_and_other_schemes",
       test_uri_user_skips_password_and_other_schemes);
  ADD ("/sip/name_addr/contact_star_is_accepted",
       test_contact_star_is_accepted);
  ADD ("/sip/name_addr/unquoted_utf8_display_name_is_tolerated",
       test_unquoted_utf8_display_name_is_tolerated);
  ADD ("/sip/framing/lf_only_line_ends_are_accepted",
       test_lf_only_line_ends_are_accepted);
  ADD ("/sip/framing/body_is_content_length_bytes",
       test_body_is_content_length_bytes);
  ADD ("/sip/framing/bytes_after_content_length_are_trailing",
       test_bytes_after_content_length_are_trailing);
  ADD ("/sip/framing/without_content_length_body_is_the_rest",
       test_without_content_length_body_is_the_rest);
  ADD ("/sip/framing/body_may_hold_nul_bytes", test_body_may_hold_nul_bytes);
  ADD ("/sip/fields/user_agent_or_server_fills_user_agent",
       test_user_agent_or_server_fills_user_agent);
  for (gsize i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    {
      char *path = g_strconcat ("/sip/malformed/", malformed_cases[i].name,
                                NULL);
      g_test_add (path, Fixture, &malformed_cases[i], fixture_set_up,
                  test_malformed, fixture_tear_down);
      g_free (path);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (violation_cases); i++)
    {
      char *path = g_strconcat ("/sip/violation/", violation_cases[i].name,
                                NULL);
      g_test_add (path, Fixture, &violation_cases[i], fixture_set_up,
                  test_violation, fixture_tear_down);
      g_free (path);
    }
  ADD ("/sip/head/without_body_parses", test_head_without_body_parses);
  ADD ("/sip/violation/backslash_quoted_display_name_keeps_tag",
       test_backslash_quoted_display_name_keeps_tag);
  ADD ("/sip/violation/bad_contact_is_a_violation",
       test_bad_contact_is_a_violation);
  ADD ("/sip/violation/first_violation_wins", test_first_violation_wins);
  ADD ("/sip/violation/fatal_stays_malformed_after_a_violation",
       test_fatal_stays_malformed_after_a_violation);
  ADD ("/sip/violation/valid_message_has_no_violation",
       test_valid_message_has_no_violation);
  ADD ("/sip/malformed/more_than_1024_header_lines",
       test_more_than_1024_header_lines_are_malformed);
  ADD ("/sip/malformed/huge_header_section",
       test_huge_header_section_is_malformed);
  ADD ("/sip/malformed/reason_constants_are_shared",
       test_reason_constants_are_shared);
  return g_test_run ();
}
