#include "sip/sip_digest.h"
#include "test_span.h"
#include "test_support.h"

#include <string.h>

#define MAX_DIGESTS 4

typedef struct {
  SipDigest digests[MAX_DIGESTS];
  guint n;
  guint stop_after;  /* 0: never stop */
} Collected;

static gboolean
collect (const SipDigest *digest, gpointer data)
{
  Collected *c = data;
  g_assert_cmpuint (c->n, <, MAX_DIGESTS);
  c->digests[c->n++] = *digest;
  return c->stop_after == 0 || c->n < c->stop_after;
}

static Collected
parse_value (const char *value, gboolean expect_ok)
{
  Collected c = { .n = 0 };
  SipSpan span = { value, strlen (value) };
  g_assert_cmpint (sip_digest_parse (span, collect, &c), ==, expect_ok);
  return c;
}

static void
test_www_authenticate_challenge_fields (void)
{
  Collected c = parse_value (
    "Digest realm=\"atlanta.example.com\", qop=\"auth,auth-int\", "
    "nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", opaque=\"\", "
    "stale=FALSE, algorithm=MD5", TRUE);
  g_assert_cmpuint (c.n, ==, 1);
  const SipDigest *d = &c.digests[0];
  g_assert_true (sip_digest_is_digest (d));
  assert_span (d->scheme, "Digest");
  assert_span (d->realm, "atlanta.example.com");
  assert_span (d->qop, "auth,auth-int");
  assert_span (d->nonce, "ea9c8e88df84f1cec4341ae6cbe5a359");
  assert_span (d->opaque, "");
  assert_span (d->stale, "FALSE");
  g_assert_false (d->stale_true);
  assert_span (d->algorithm, "MD5");
  assert_span (d->username, NULL);
  assert_span (d->response, NULL);
}

static void
test_authorization_credentials_fields (void)
{
  Collected c = parse_value (
    "Digest username=\"bob\", realm=\"biloxi.example.com\", "
    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
    "uri=\"sip:bob@biloxi.example.com\", qop=auth, nc=00000001, "
    "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
    "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", algorithm=MD5", TRUE);
  g_assert_cmpuint (c.n, ==, 1);
  const SipDigest *d = &c.digests[0];
  assert_span (d->username, "bob");
  assert_span (d->realm, "biloxi.example.com");
  assert_span (d->nonce, "dcd98b7102dd2f0e8b11d0f600bfb0c093");
  assert_span (d->uri, "sip:bob@biloxi.example.com");
  assert_span (d->qop, "auth");
  assert_span (d->nc, "00000001");
  assert_span (d->cnonce, "0a4f113b");
  assert_span (d->response, "6629fae49393a05397450978507c4ef1");
  assert_span (d->opaque, "5ccc069c403ebaf9f0171e9517f40e41");
  assert_span (d->algorithm, "MD5");
}

typedef struct {
  SipHeaderId id;
  const char *field;
} HeaderCase;

/* Each of the four headers, found in a parsed message and handed over. */
static void
test_all_four_headers_parse_from_a_message (void)
{
  const char *text =
    "SIP/2.0 401 Unauthorized\r\n"
    "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
    "From: <sip:a@example.com>;tag=1\r\n"
    "To: <sip:a@example.com>;tag=2\r\n"
    "Call-ID: c\r\n"
    "CSeq: 1 REGISTER\r\n"
    "WWW-Authenticate: Digest realm=\"www\", nonce=\"n1\"\r\n"
    "Proxy-Authenticate: Digest realm=\"proxy\", nonce=\"n2\"\r\n"
    "Authorization: Digest username=\"u1\", realm=\"www\", nonce=\"n1\","
    " uri=\"sip:example.com\", response=\"r1\"\r\n"
    "Proxy-Authorization: Digest username=\"u2\", realm=\"proxy\","
    " nonce=\"n2\", uri=\"sip:example.com\", response=\"r2\"\r\n"
    "Content-Length: 0\r\n\r\n";
  static const HeaderCase cases[] = {
    { SIP_HEADER_WWW_AUTHENTICATE, "www" },
    { SIP_HEADER_PROXY_AUTHENTICATE, "proxy" },
    { SIP_HEADER_AUTHORIZATION, "www" },
    { SIP_HEADER_PROXY_AUTHORIZATION, "proxy" },
  };
  SipParser *parser = sip_parser_new ();
  SipMessage msg;
  g_assert_cmpint (sip_parser_parse_datagram (parser, (const guint8 *) text,
                                              strlen (text), &msg, NULL),
                   ==, SIP_PARSE_OK);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SipHeader *h = sip_message_find_header (&msg, cases[i].id, 0);
      g_assert_nonnull (h);
      Collected c = { .n = 0 };
      g_assert_true (sip_digest_parse (h->value, collect, &c));
      g_assert_cmpuint (c.n, ==, 1);
      assert_span (c.digests[0].realm, cases[i].field);
    }
  const SipHeader *auth =
    sip_message_find_header (&msg, SIP_HEADER_AUTHORIZATION, 0);
  Collected c = { .n = 0 };
  sip_digest_parse (auth->value, collect, &c);
  assert_span (c.digests[0].username, "u1");
  assert_span (c.digests[0].response, "r1");
  sip_parser_free (parser);
}

static void
test_two_challenges_in_one_header (void)
{
  Collected c = parse_value (
    "Digest realm=\"atlanta.com\", nonce=\"n-sha\", algorithm=SHA-256, "
    "qop=\"auth\", Digest realm=\"atlanta.com\", nonce=\"n-md5\", "
    "algorithm=MD5, qop=\"auth\"", TRUE);
  g_assert_cmpuint (c.n, ==, 2);
  assert_span (c.digests[0].algorithm, "SHA-256");
  assert_span (c.digests[0].nonce, "n-sha");
  assert_span (c.digests[1].algorithm, "MD5");
  assert_span (c.digests[1].nonce, "n-md5");
  assert_span (c.digests[1].realm, "atlanta.com");
  assert_span (c.digests[1].qop, "auth");
}

static void
test_two_challenges_as_two_headers (void)
{
  const char *text =
    "SIP/2.0 407 Proxy Authentication Required\r\n"
    "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
    "From: <sip:a@example.com>;tag=1\r\n"
    "To: <sip:b@example.com>;tag=2\r\n"
    "Call-ID: c\r\n"
    "CSeq: 1 INVITE\r\n"
    "Proxy-Authenticate: Digest realm=\"atlanta.com\",\r\n"
    "  nonce=\"n-sha\", algorithm=SHA-256, qop=\"auth\"\r\n"
    "Proxy-Authenticate: Digest realm=\"atlanta.com\",\r\n"
    "  nonce=\"n-md5\", algorithm=MD5, qop=\"auth\"\r\n"
    "Content-Length: 0\r\n\r\n";
  SipParser *parser = sip_parser_new ();
  SipMessage msg;
  g_assert_cmpint (sip_parser_parse_datagram (parser, (const guint8 *) text,
                                              strlen (text), &msg, NULL),
                   ==, SIP_PARSE_OK);
  static const char *const algorithms[] = { "SHA-256", "MD5" };
  for (guint i = 0; i < 2; i++)
    {
      const SipHeader *h = sip_message_find_header (
        &msg, SIP_HEADER_PROXY_AUTHENTICATE, i);
      g_assert_nonnull (h);
      Collected c = { .n = 0 };
      g_assert_true (sip_digest_parse (h->value, collect, &c));
      g_assert_cmpuint (c.n, ==, 1);
      assert_span (c.digests[0].algorithm, algorithms[i]);
    }
  sip_parser_free (parser);
}

static void
test_stale_true_is_case_insensitive (void)
{
  static const struct {
    const char *value;
    gboolean stale;
  } cases[] = {
    { "Digest realm=\"r\", nonce=\"n\", stale=TRUE", TRUE },
    { "Digest realm=\"r\", nonce=\"n\", stale=true", TRUE },
    { "Digest realm=\"r\", nonce=\"n\", stale=True", TRUE },
    { "Digest realm=\"r\", nonce=\"n\", stale=\"true\"", TRUE },
    { "Digest realm=\"r\", nonce=\"n\", stale=false", FALSE },
    { "Digest realm=\"r\", nonce=\"n\", stale=truex", FALSE },
    { "Digest realm=\"r\", nonce=\"n\"", FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Collected c = parse_value (cases[i].value, TRUE);
      g_assert_cmpuint (c.n, ==, 1);
      g_assert_cmpint (c.digests[0].stale_true, ==, cases[i].stale);
    }
}

static void
test_escaped_quote_in_quoted_nonce (void)
{
  Collected c = parse_value (
    "Digest realm=\"a \\\"quoted\\\" realm, with comma\", "
    "nonce=\"abc\\\"def\\\\\", opaque=\"o\"", TRUE);
  g_assert_cmpuint (c.n, ==, 1);
  assert_span (c.digests[0].nonce, "abc\\\"def\\\\");
  char *unescaped = sip_span_dup_unescaped (c.digests[0].nonce);
  g_assert_cmpstr (unescaped, ==, "abc\"def\\");
  g_free (unescaped);
  assert_span (c.digests[0].realm, "a \\\"quoted\\\" realm, with comma");
  assert_span (c.digests[0].opaque, "o");
}

static void
test_folded_white_space_around_separators (void)
{
  Collected c = parse_value (
    "Digest\r\n realm = \"r\" ,\r\n\tnonce=\r\n \"n\"  ,  algorithm = MD5",
    TRUE);
  g_assert_cmpuint (c.n, ==, 1);
  assert_span (c.digests[0].realm, "r");
  assert_span (c.digests[0].nonce, "n");
  assert_span (c.digests[0].algorithm, "MD5");
}

static void
test_param_names_are_case_insensitive (void)
{
  Collected c = parse_value ("digest REALM=\"r\", Nonce=\"n\", UserName=\"u\"",
                             TRUE);
  g_assert_cmpuint (c.n, ==, 1);
  g_assert_true (sip_digest_is_digest (&c.digests[0]));
  assert_span (c.digests[0].realm, "r");
  assert_span (c.digests[0].nonce, "n");
  assert_span (c.digests[0].username, "u");
}

/* Parameters of each shape, with sixteen bytes or more after them (as
 * most have in a real header) and with fewer; on success, the nonce of
 * the last challenge. */
static void
test_param_shapes_far_from_and_near_the_end (void)
{
  static const struct {
    const char *value;
    const char *nonce;  /* NULL: malformed */
  } cases[] = {
    { "Digest realm=\"r\", Nonce=\"abcdefghijklmnop\", qop=auth",
      "abcdefghijklmnop" },
    { "Digest x-y=\"v\", nonce=\"abcdefghijklmnop\"", "abcdefghijklmnop" },
    { "Digest \tnonce=\"abcdefghijklmnop\", qop=auth", "abcdefghijklmnop" },
    { "Digest , nonce=\"abcdefghijklmnop\", qop=auth", "abcdefghijklmnop" },
    { "Digest nonce=\"abcdefghijklmnop\" qop=auth, realm=\"r\"", NULL },
    { "Digest realm=\"r\", x-y=\"v\", nonce=\"abcdefghijklmnop\"",
      "abcdefghijklmnop" },
    { "Digest realm=\"r\", nonce =\"abcdefghijklmnop\", qop=auth",
      "abcdefghijklmnop" },
    { "Digest realm=\"r\", nonce==\"abcdefghijklmnop\", qop=auth",
      "abcdefghijklmnop" },
    { "Digest realm=\"r\", n1=\"a,b\", nonce=\"abcdefghijklmnop\"",
      "abcdefghijklmnop" },
    { "Digest nonce=\"n1\", realm=\"r\", DIGEST nonce=\"abcdefghijklmnop\"",
      "abcdefghijklmnop" },
    { "Digest realm=\"r\", nonce=\"abcdefghijklmnop\" opaque=\"o\", qop=a",
      NULL },
    { "Digest realm=\"r\", nonce=\"abcdefghijklmnop\", =\"o\", qop=auth",
      NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Collected c = parse_value (cases[i].value, cases[i].nonce != NULL);
      if (cases[i].nonce)
        assert_span (c.digests[c.n - 1].nonce, cases[i].nonce);
    }
}

static void
test_unknown_params_are_skipped (void)
{
  Collected c = parse_value (
    "Digest domain=\"sip:a.example.com sip:b.example.com\", realm=\"r\", "
    "userhash=false, charset=UTF-8, x-unknown=\"a, b\", nonce=\"n\"", TRUE);
  g_assert_cmpuint (c.n, ==, 1);
  assert_span (c.digests[0].realm, "r");
  assert_span (c.digests[0].nonce, "n");
}

static void
test_other_schemes_are_reported (void)
{
  Collected c = parse_value ("NoOneKnowsThisScheme opaque-data=here", TRUE);
  g_assert_cmpuint (c.n, ==, 1);
  assert_span (c.digests[0].scheme, "NoOneKnowsThisScheme");
  g_assert_false (sip_digest_is_digest (&c.digests[0]));
  assert_span (c.digests[0].opaque, NULL);

  c = parse_value ("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==, Digest realm=\"r\"",
                   TRUE);
  g_assert_cmpuint (c.n, ==, 2);
  assert_span (c.digests[0].scheme, "Basic");
  assert_span (c.digests[1].scheme, "Digest");
  assert_span (c.digests[1].realm, "r");

  c = parse_value ("Negotiate", TRUE);
  g_assert_cmpuint (c.n, ==, 1);
  assert_span (c.digests[0].scheme, "Negotiate");
}

static void
test_callback_returning_false_stops (void)
{
  Collected c = { .n = 0, .stop_after = 1 };
  const char *value = "Digest realm=\"a\", Digest realm=\"b\"";
  SipSpan span = { value, strlen (value) };
  g_assert_true (sip_digest_parse (span, collect, &c));
  g_assert_cmpuint (c.n, ==, 1);
}

static void
test_malformed_values_return_false (void)
{
  static const char *const values[] = {
    "",
    "   ",
    "\"Digest\" realm=x",
    "Digest realm=\"open",
    "Digest realm=\"r\" nonce=\"n\"",
    "Digest realm=\"r\", =\"n\"",
    "Digest realm=\"r\"x, nonce=\"n\"",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      Collected c = { .n = 0 };
      SipSpan span = { values[i], strlen (values[i]) };
      g_assert_false (sip_digest_parse (span, collect, &c));
    }
  Collected c = { .n = 0 };
  g_assert_false (sip_digest_parse (SIP_SPAN_NONE, collect, &c));
}

/* Every prefix in a buffer of exactly its size, for the sanitizers. */
static void
test_every_prefix_parses_without_crash (void)
{
  const char *value =
    "Digest username=\"bob\\\"x\", realm=\"r\", nonce=\"n\", uri=\"sip:a\","
    " response=\"abc\", qop=auth, nc=00000001, cnonce=\"c\", "
    "Basic dG9rZW4=, Digest realm = r2 , stale = TRUE";
  gsize len = strlen (value);
  for (gsize n = 0; n <= len; n++)
    {
      char *copy = g_memdup2 (value, n);
      Collected c = { .n = 0 };
      SipSpan span = { copy, n };
      sip_digest_parse (span, collect, &c);
      g_free (copy);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/digest/www_authenticate_challenge_fields",
                   test_www_authenticate_challenge_fields);
  g_test_add_func ("/sip/digest/authorization_credentials_fields",
                   test_authorization_credentials_fields);
  g_test_add_func ("/sip/digest/all_four_headers_parse_from_a_message",
                   test_all_four_headers_parse_from_a_message);
  g_test_add_func ("/sip/digest/two_challenges_in_one_header",
                   test_two_challenges_in_one_header);
  g_test_add_func ("/sip/digest/two_challenges_as_two_headers",
                   test_two_challenges_as_two_headers);
  g_test_add_func ("/sip/digest/stale_true_is_case_insensitive",
                   test_stale_true_is_case_insensitive);
  g_test_add_func ("/sip/digest/escaped_quote_in_quoted_nonce",
                   test_escaped_quote_in_quoted_nonce);
  g_test_add_func ("/sip/digest/folded_white_space_around_separators",
                   test_folded_white_space_around_separators);
  g_test_add_func ("/sip/digest/param_names_are_case_insensitive",
                   test_param_names_are_case_insensitive);
  g_test_add_func ("/sip/digest/param_shapes_far_from_and_near_the_end",
                   test_param_shapes_far_from_and_near_the_end);
  g_test_add_func ("/sip/digest/unknown_params_are_skipped",
                   test_unknown_params_are_skipped);
  g_test_add_func ("/sip/digest/other_schemes_are_reported",
                   test_other_schemes_are_reported);
  g_test_add_func ("/sip/digest/callback_returning_false_stops",
                   test_callback_returning_false_stops);
  g_test_add_func ("/sip/digest/malformed_values_return_false",
                   test_malformed_values_return_false);
  g_test_add_func ("/sip/digest/every_prefix_parses_without_crash",
                   test_every_prefix_parses_without_crash);
  return g_test_run ();
}
