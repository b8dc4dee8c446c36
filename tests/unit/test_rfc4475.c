/* The SIP torture test messages of RFC 4475 and the IPv6 messages of
 * RFC 5118, read in place from ../shared/corpus/ersip. */
#include "sip/sip_digest.h"
#include "sip/sip_message.h"
#include "test_span.h"
#include "test_support.h"

#include <string.h>

#define OK SIP_PARSE_OK
#define BAD SIP_PARSE_MALFORMED
#define NO_CL (-1)

/* What the parser must make of a message: VALID parses with the values
 * of the row and no violation; an invalid message is either MALFORMED
 * (rejected with the reason) or VIOLATION (parsed, since the violation
 * leaves what the analysis uses intact, with msg.violation the reason). */
typedef enum { EXPECT_VALID, EXPECT_VIOLATION, EXPECT_MALFORMED } Expect;

typedef struct {
  const char *file;
  Expect expect;
  const char *reason;       /* VIOLATION, MALFORMED: the Reason text */
  /* OK: checked values; method NULL for a response */
  const char *method;
  guint status_code;
  const char *call_id;
  guint32 cseq;
  const char *cseq_method;
  const char *branch;       /* NULL: no branch */
  const char *transport;
  guint via_count;
  const char *from_tag;     /* NULL: no tag */
  gint64 content_length;
  gsize body_len;
  gsize trailing;
} TortureCase;

#define MALFORMED(f, r) { .file = f, .expect = EXPECT_MALFORMED, .reason = r }
#define VIOLATION(f, r) { .file = f, .expect = EXPECT_VIOLATION, .reason = r }
#define REQUEST(f, m, cid, n, cm, br, tr, vias, tag, cl, body, trail) \
  { f, EXPECT_VALID, NULL, m, 0, cid, n, cm, br, tr, vias, tag, cl, body, \
    trail }
#define RESPONSE(f, code, cid, n, cm, br, tr, vias, tag, cl, body) \
  { f, EXPECT_VALID, NULL, NULL, code, cid, n, cm, br, tr, vias, tag, cl, \
    body, 0 }

/* "1", fifty times "298", then "2424" */
#define LONGREQ_TAG "1" \
  "298298298298298298298298298298298298298298298298298298298298298298298298" \
  "298298298298298298298298298298298298298298298298298298298298298298298298" \
  "2982982424"
#define INTMETH "!interesting-Method0123456789_*+`.%indeed'~"
#define LONGREQ_CALL_ID "longreq.one" \
  "reallyreallyreallyreallyreallyreallyreallyreallyreallyreally" \
  "reallyreallyreallyreallyreallyreallyreallyreallyreallyreally" \
  "longcallid"

static const TortureCase rfc4475_cases[] = {
  /* 3.1.1 valid messages */
  REQUEST ("wsinv", "INVITE", "wsinv.ndaksdj@192.0.2.1", 9, "INVITE",
           "390skdjuw", "UDP", 3, "98asjd8", 150, 150, 0),
  REQUEST ("intmeth", INTMETH,
           "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", 139122385,
           INTMETH, "z9hG4bK-.!%66*_+`'~", "TCP", 1, "_token~1'+`*%!-.",
           0, 0, 0),
  REQUEST ("esc01", "INVITE", "esc01.239409asdfakjkn23onasd0-3234", 234234,
           "INVITE", "z9hG4bKkdjuw", "UDP", 1, "938", 150, 150, 0),
  REQUEST ("escnull", "REGISTER",
           "escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd",
           14398234, "REGISTER", "z9hG4bKkdjuw", "UDP", 1, "839923423",
           0, 0, 0),
  REQUEST ("esc02", "RE%47IST%45R",
           "esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf",
           29344, "RE%47IST%45R", "z9hG4bK209%fzsnel234", "TCP", 1,
           "f232jadfj23", 0, 0, 0),
  REQUEST ("lwsdisp", "OPTIONS", "lwsdisp.1234abcd@funky.example.com", 60,
           "OPTIONS", "z9hG4bKkdjuw", "UDP", 1, "323", 0, 0, 0),
  /* the top Via (sip33) has no branch; 34 Via values in all */
  REQUEST ("longreq", "INVITE", LONGREQ_CALL_ID, 3882340, "INVITE", NULL,
           "TCP", 34,
           LONGREQ_TAG, 150, 150, 0),
  /* two requests in one datagram: the REGISTER, then 450 bytes */
  REQUEST ("dblreq", "REGISTER", "dblreq.0ha0isndaksdj99sdfafnl3lk233412", 8,
           "REGISTER", "z9hG4bKkdjuw23492", "UDP", 1, "43251j3j324", 0, 0,
           450),
  REQUEST ("semiuri", "OPTIONS", "semiuri.0ha0isndaksdj", 8, "OPTIONS",
           "z9hG4bKkdjuw", "UDP", 1, "33242", 0, 0, 0),
  REQUEST ("transports", "OPTIONS", "transports.kijh4akdnaqjkwendsasfdj", 60,
           "OPTIONS", "z9hG4bKkdjuw", "UDP", 5, "323", 0, 0, 0),
  REQUEST ("mpart01", "MESSAGE",
           "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..",
           1, "MESSAGE", "z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-", "UDP",
           1, "2fb0dcc9", 553, 553, 0),
  RESPONSE ("unreason", 200, "unreason.1234ksdfak3j2erwedfsASdf", 35,
            "INVITE", "z9hG4bK1324923", "UDP", 1, "11141343", 154, 154),
  RESPONSE ("noreason", 100, "noreason.asndj203insdf99223ndf", 35, "INVITE",
            "z9hG4bK2398ndaoe", "UDP", 1, "39ansfi3", 0, 0),
  /* 3.1.2 invalid messages: MALFORMED when the fault touches what the
   * analysis uses, VIOLATION when it does not (still reported) */
  MALFORMED ("badinv01", "empty via parameter or value"),
  MALFORMED ("clerr", "body shorter than content-length"),
  MALFORMED ("ncl", "bad content-length"),
  MALFORMED ("scalar02", "cseq number out of range"),
  MALFORMED ("scalarlg", "cseq number out of range"),
  MALFORMED ("quotbal", "unbalanced quotes"),
  MALFORMED ("ltgtruri", "request-uri in angle brackets"),
  MALFORMED ("lwsruri", "white space in request-uri"),
  MALFORMED ("lwsstart", "extra white space in request line"),
  MALFORMED ("trws", "trailing white space in request line"),
  VIOLATION ("escruri", "request-uri has headers"),
  VIOLATION ("baddate", "date not in gmt"),
  VIOLATION ("regbadct", "uri with '?' or ',' outside angle brackets"),
  VIOLATION ("badaspec", "white space inside angle brackets"),
  VIOLATION ("baddn", "display name is not tokens or a quoted string"),
  MALFORMED ("badvers", "unsupported sip version"),
  MALFORMED ("mismatch01", "cseq method does not match request method"),
  MALFORMED ("mismatch02", "cseq method does not match request method"),
  MALFORMED ("bigcode", "bad status code"),
  /* 3.2 transaction layer semantics */
  REQUEST ("badbranch", "OPTIONS", "badbranch.sadonfo23i420jv0as0derf3j3n", 8,
           "OPTIONS", "z9hG4bK", "UDP", 1, "33242", 0, 0, 0),
  /* 3.3 application layer semantics; insuf, multi01 and mcl01 get a 400 */
  MALFORMED ("insuf", "missing call-id header"),
  REQUEST ("unkscm", "OPTIONS", "unkscm.nasdfasser0q239nwsdfasdkl34", 3923423,
           "OPTIONS", "z9hG4bKkdjuw39234", "TCP", 1, "384", 0, 0, 0),
  REQUEST ("novelsc", "OPTIONS", "novelsc.asdfasser0q239nwsdfasdkl34",
           3923423, "OPTIONS", "z9hG4bKkdjuw39234", "TCP", 1, "384", 0, 0, 0),
  REQUEST ("unksm2", "REGISTER", "unksm2.daksdj@hyphenated-host.example.com",
           234902, "REGISTER", "z9hG4bKkdjuw", "UDP", 1, "3234233", 0, 0, 0),
  REQUEST ("bext01", "OPTIONS", "bext01.0ha0isndaksdj", 8, "OPTIONS",
           "z9hG4bKkdjuw", "TLS", 1, "242etr", 0, 0, 0),
  REQUEST ("invut", "INVITE", "invut.0ha0isndaksdjadsfij34n23d", 235448,
           "INVITE", "z9hG4bKkdjuw", "UDP", 1, "8392034", 40, 40, 0),
  REQUEST ("regaut01", "REGISTER", "regaut01.0ha0isndaksdj", 9338, "REGISTER",
           "z9hG4bKkdjuw", "TCP", 1, "87321hj23128", 0, 0, 0),
  MALFORMED ("multi01", "conflicting cseq headers"),
  MALFORMED ("mcl01", "conflicting content-length headers"),
  RESPONSE ("bcast", 200, "bcast.0384840201234ksdfak3j2erwedfsASdf", 35,
            "INVITE", "z9hG4bK1324923", "UDP", 2, "11141343", 154, 154),
  REQUEST ("zeromf", "OPTIONS", "zeromf.jfasdlfnm2o2l43r5u0asdfas", 39234321,
           "OPTIONS", "z9hG4bKkdjuw2349i", "UDP", 1, "3ghsd41", 0, 0, 0),
  REQUEST ("cparam01", "REGISTER", "cparam01.70710@saturn.example.com", 2,
           "REGISTER", "z9hG4bKkdjuw", "UDP", 1, "DkfVgjkrtMwaerKKpe", 0, 0,
           0),
  REQUEST ("cparam02", "REGISTER", "cparam02.70710@saturn.example.com", 3,
           "REGISTER", "z9hG4bKkdjuw", "UDP", 1, "838293", 0, 0, 0),
  REQUEST ("regescrt", "REGISTER", "regescrt.k345asrl3fdbv@192.0.2.1",
           14398234, "REGISTER", "z9hG4bKkdjuw", "UDP", 1, "8", 0, 0, 0),
  REQUEST ("sdp01", "INVITE", "sdp01.ndaksdj9342dasdd", 8, "INVITE",
           "z9hG4bKkdjuw", "UDP", 1, "234", 150, 150, 0),
  /* 3.4 backward compatibility: no branch, no tag, no Content-Length */
  REQUEST ("inv2543", "INVITE", "inv2543.1717@ift.client.example.com", 56,
           "INVITE", NULL, "UDP", 1, NULL, NO_CL, 105, 0),
};

/* RFC 5118: all valid but ipv6-bad (§4.2: an IPv6 reference without
 * brackets in the Request-URI). ipv6-bug-abnf-3-colons is accepted as
 * §4.4 advises, port-ambiguous is valid (§4.3), and the SDP examples
 * carry a Content-Length shorter than their body, so the rest trails. */
typedef struct {
  const char *file;
  SipParseStatus status;
  const char *reason;
  const char *via_host;
  guint16 via_port;
  guint via_count;
  gsize trailing;
} Ipv6Case;

static const Ipv6Case rfc5118_cases[] = {
  { "ipv6-good", OK, NULL, "2001:db8::9:1", 0, 1, 0 },
  { "ipv6-bad", BAD, "bad request-uri host or port", NULL, 0, 0, 0 },
  { "port-ambiguous", OK, NULL, "2001:db8::9:1", 0, 1, 0 },
  { "port-unambiguous", OK, NULL, "2001:db8::9:1", 0, 1, 0 },
  { "ipv6-bug-abnf-3-colons", OK, NULL, "lab1.east.example.com", 0, 1, 0 },
  { "ipv6-correct-abnf-2-colons", OK, NULL, "lab1.east.example.com", 0, 1,
    0 },
  { "ipv6-in-sdp", OK, NULL, "2001:db8::20", 0, 1, 10 },
  { "mult-ip-in-header", OK, NULL, "2001:db8::9:1", 6050, 3, 0 },
  { "mult-ip-in-sdp", OK, NULL, "2001:db8::9:1", 0, 1, 8 },
  { "ipv4-mapped-ipv6", OK, NULL, "::ffff:192.0.2.10", 19823, 2, 9 },
  { "via-received-param-no-delim", OK, NULL, "2001:db8::9:1", 0, 1, 0 },
  { "via-received-param-with-delim", OK, NULL, "2001:db8::9:1", 0, 1, 0 },
};

static GBytes *
read_corpus (const char *relative)
{
  char *path = test_shared_path (relative);
  if (path == NULL)
    return NULL;
  GBytes *bytes = test_read_file (path);
  g_free (path);
  return bytes;
}

static GBytes *
read_rfc4475 (const char *name)
{
  char *relative = g_strdup_printf ("corpus/ersip/rfc4475/%s.dat", name);
  GBytes *bytes = read_corpus (relative);
  g_free (relative);
  return bytes;
}

static gboolean
remember_scheme (const SipDigest *digest, gpointer data)
{
  *(SipSpan *) data = digest->scheme;
  return TRUE;
}

static void
assert_ok_values (const TortureCase *c, const SipMessage *msg)
{
  g_assert_cmpint (msg->is_request, ==, c->method != NULL);
  if (c->method != NULL)
    assert_span (msg->method_name, c->method);
  else
    g_assert_cmpuint (msg->status_code, ==, c->status_code);
  assert_span (msg->call_id, c->call_id);
  g_assert_cmpuint (msg->cseq, ==, c->cseq);
  assert_span (msg->cseq_method_name, c->cseq_method);
  assert_span (msg->top_via.branch, c->branch);
  assert_span (msg->top_via.transport, c->transport);
  g_assert_cmpuint (msg->via_count, ==, c->via_count);
  assert_span (msg->from.tag, c->from_tag);
  g_assert_cmpint (msg->content_length, ==, c->content_length);
  g_assert_cmpuint (msg->body.len, ==, c->body_len);
  g_assert_cmpuint (msg->trailing, ==, c->trailing);
}

static void
test_torture_message (gconstpointer data)
{
  const TortureCase *c = data;
  GBytes *bytes = read_rfc4475 (c->file);
  if (bytes == NULL)
    return;
  gsize len;
  const guint8 *raw = g_bytes_get_data (bytes, &len);
  SipParser *parser = sip_parser_new ();
  SipMessage msg;
  const Reason *reason = NULL;
  SipParseStatus status = sip_parser_parse_datagram (parser, raw, len, &msg,
                                                     &reason);
  switch (c->expect)
    {
    case EXPECT_MALFORMED:
      g_assert_cmpint (status, ==, SIP_PARSE_MALFORMED);
      g_assert_nonnull (reason);
      g_assert_cmpstr (reason->layer, ==, "sip");
      g_assert_cmpstr (reason->text, ==, c->reason);
      break;
    case EXPECT_VIOLATION:
      g_assert_cmpint (status, ==, SIP_PARSE_OK);
      g_assert_nonnull (msg.violation);
      g_assert_cmpstr (msg.violation->layer, ==, "sip");
      g_assert_cmpstr (msg.violation->text, ==, c->reason);
      g_assert_cmpuint (msg.length + msg.trailing, ==, len);
      break;
    case EXPECT_VALID:
      g_assert_cmpint (status, ==, SIP_PARSE_OK);
      g_assert_null (msg.violation);
      assert_ok_values (c, &msg);
      g_assert_cmpuint (msg.length + msg.trailing, ==, len);
      break;
    }
  sip_parser_free (parser);
  g_bytes_unref (bytes);
}

static void
test_regaut01_credentials_keep_unknown_scheme (void)
{
  GBytes *bytes = read_rfc4475 ("regaut01");
  if (bytes == NULL)
    return;
  gsize len;
  const guint8 *raw = g_bytes_get_data (bytes, &len);
  SipParser *parser = sip_parser_new ();
  SipMessage msg;
  g_assert_cmpint (sip_parser_parse_datagram (parser, raw, len, &msg, NULL),
                   ==, SIP_PARSE_OK);
  const SipHeader *h = sip_message_find_header (&msg,
                                                SIP_HEADER_AUTHORIZATION, 0);
  g_assert_nonnull (h);
  SipSpan scheme = SIP_SPAN_NONE;
  g_assert_true (sip_digest_parse (h->value, remember_scheme, &scheme));
  assert_span (scheme, "NoOneKnowsThisScheme");
  sip_parser_free (parser);
  g_bytes_unref (bytes);
}

/* RFC 4475 §3.1.1.13: the second request follows after an empty line;
 * the parser skips leading CRLFs (RFC 3261 §7.5) so it parses too. */
static void
test_dblreq_trailing_bytes_hold_the_second_request (void)
{
  GBytes *bytes = read_rfc4475 ("dblreq");
  if (bytes == NULL)
    return;
  gsize len;
  const guint8 *raw = g_bytes_get_data (bytes, &len);
  SipParser *parser = sip_parser_new ();
  SipMessage msg;
  g_assert_cmpint (sip_parser_parse_datagram (parser, raw, len, &msg, NULL),
                   ==, SIP_PARSE_OK);
  g_assert_cmpint (msg.method, ==, SIP_METHOD_REGISTER);
  const guint8 *rest = raw + msg.length;
  gsize rest_len = msg.trailing;
  g_assert_cmpint (sip_parser_parse_datagram (parser, rest, rest_len, &msg,
                                              NULL), ==, SIP_PARSE_OK);
  g_assert_cmpint (msg.method, ==, SIP_METHOD_INVITE);
  assert_span (msg.call_id, "dblreq.0ha0isnda977644900765@192.0.2.15");
  g_assert_cmpint (msg.content_length, ==, 150);
  g_assert_cmpuint (msg.trailing, ==, 5);  /* the file's body is 155 bytes */
  sip_parser_free (parser);
  g_bytes_unref (bytes);
}

static const TortureCase *
find_case (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rfc4475_cases); i++)
    if (strcmp (rfc4475_cases[i].file, name) == 0)
      return &rfc4475_cases[i];
  return NULL;
}

static void
test_table_covers_every_corpus_file (void)
{
  char *dir_path = test_shared_path ("corpus/ersip/rfc4475");
  if (dir_path == NULL)
    return;
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  guint n = 0;
  const char *entry;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_has_suffix (entry, ".dat"))
        continue;
      char *name = g_strndup (entry, strlen (entry) - 4);
      if (find_case (name) == NULL)
        g_error ("%s has no row in the RFC 4475 table", entry);
      g_free (name);
      n++;
    }
  g_assert_cmpuint (n, ==, 49);
  g_assert_cmpuint (G_N_ELEMENTS (rfc4475_cases), ==, 49);
  g_dir_close (dir);
  g_free (dir_path);
}

/* Each prefix goes into a buffer of exactly its size so that a sanitizer
 * catches any read past the end. */
static void
parse_every_prefix (SipParser *parser, const guint8 *raw, gsize len)
{
  for (gsize n = 0; n <= len; n++)
    {
      guint8 *copy = g_memdup2 (raw, n);
      SipMessage msg;
      const Reason *reason = NULL;
      SipParseStatus status = sip_parser_parse_datagram (parser, copy, n,
                                                         &msg, &reason);
      if (status == SIP_PARSE_MALFORMED)
        g_assert_nonnull (reason);
      if (status == SIP_PARSE_OK)
        g_assert_cmpuint (msg.length + msg.trailing, <=, n);
      g_free (copy);
    }
}

static void
test_every_prefix_parses_without_crash (void)
{
  SipParser *parser = sip_parser_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (rfc4475_cases); i++)
    {
      GBytes *bytes = read_rfc4475 (rfc4475_cases[i].file);
      if (bytes == NULL)
        break;
      gsize len;
      const guint8 *raw = g_bytes_get_data (bytes, &len);
      parse_every_prefix (parser, raw, len);
      g_bytes_unref (bytes);
    }
  sip_parser_free (parser);
}

static gboolean
ignore_digest (const SipDigest *digest, gpointer data)
{
  return TRUE;
}

/* Every byte in turn replaced by each of a few delimiters: the parser
 * and the Digest parser must survive, whatever the verdict. */
static void
test_corrupted_bytes_parse_without_crash (void)
{
  static const guint8 replacements[] = {
    '\0', '\n', '\r', ' ', '"', '\\', ',', ';', '<', '>', ':', '=', '[', '@',
  };
  SipParser *parser = sip_parser_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (rfc4475_cases); i++)
    {
      GBytes *bytes = read_rfc4475 (rfc4475_cases[i].file);
      if (bytes == NULL)
        break;
      gsize len;
      guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, &len),
                                g_bytes_get_size (bytes));
      for (gsize pos = 0; pos < len; pos++)
        {
          guint8 saved = copy[pos];
          for (gsize r = 0; r < G_N_ELEMENTS (replacements); r++)
            {
              SipMessage msg;
              copy[pos] = replacements[r];
              if (sip_parser_parse_datagram (parser, copy, len, &msg, NULL)
                  != SIP_PARSE_OK)
                continue;
              for (guint h = 0; h < msg.n_headers; h++)
                sip_digest_parse (msg.headers[h].value, ignore_digest, NULL);
            }
          copy[pos] = saved;
        }
      g_free (copy);
      g_bytes_unref (bytes);
    }
  sip_parser_free (parser);
}

static void
test_ipv6_message (gconstpointer data)
{
  const Ipv6Case *c = data;
  char *relative = g_strdup_printf ("corpus/ersip/rfc5118/%s", c->file);
  GBytes *bytes = read_corpus (relative);
  g_free (relative);
  if (bytes == NULL)
    return;
  gsize len;
  const guint8 *raw = g_bytes_get_data (bytes, &len);
  SipParser *parser = sip_parser_new ();
  SipMessage msg;
  const Reason *reason = NULL;
  SipParseStatus status = sip_parser_parse_datagram (parser, raw, len, &msg,
                                                     &reason);
  g_assert_cmpint (status, ==, c->status);
  if (c->status == BAD)
    g_assert_cmpstr (reason->text, ==, c->reason);
  else
    {
      g_assert_null (msg.violation);
      assert_span (msg.top_via.host, c->via_host);
      g_assert_cmpuint (msg.top_via.port, ==, c->via_port);
      g_assert_cmpuint (msg.via_count, ==, c->via_count);
      g_assert_cmpuint (msg.trailing, ==, c->trailing);
    }
  parse_every_prefix (parser, raw, len);
  sip_parser_free (parser);
  g_bytes_unref (bytes);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (rfc4475_cases); i++)
    {
      const TortureCase *c = &rfc4475_cases[i];
      static const char *const verdicts[] = {
        [EXPECT_VALID] = "parses_with_values",
        [EXPECT_VIOLATION] = "parses_with_violation",
        [EXPECT_MALFORMED] = "is_malformed",
      };
      char *path = g_strdup_printf ("/rfc4475/%s/%s", c->file,
                                    verdicts[c->expect]);
      g_test_add_data_func (path, c, test_torture_message);
      g_free (path);
    }
  g_test_add_func ("/rfc4475/table_covers_every_corpus_file",
                   test_table_covers_every_corpus_file);
  g_test_add_func ("/rfc4475/regaut01_credentials_keep_unknown_scheme",
                   test_regaut01_credentials_keep_unknown_scheme);
  g_test_add_func ("/rfc4475/dblreq_trailing_bytes_hold_the_second_request",
                   test_dblreq_trailing_bytes_hold_the_second_request);
  g_test_add_func ("/rfc4475/every_prefix_parses_without_crash",
                   test_every_prefix_parses_without_crash);
  g_test_add_func ("/rfc4475/corrupted_bytes_parse_without_crash",
                   test_corrupted_bytes_parse_without_crash);
  for (gsize i = 0; i < G_N_ELEMENTS (rfc5118_cases); i++)
    {
      const Ipv6Case *c = &rfc5118_cases[i];
      char *path = g_strdup_printf ("/rfc5118/%s/%s", c->file,
                                    c->status == OK ? "parses"
                                                    : "is_malformed");
      g_test_add_data_func (path, c, test_ipv6_message);
      g_free (path);
    }
  return g_test_run ();
}
