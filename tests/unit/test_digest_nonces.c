/* digest_auth_read_nonces: which headers of which messages it reads, and
 * what it keeps of each challenge or set of credentials. */
#include "detect/digest_auth.h"

#include <string.h>

typedef struct {
  SipParser *parser;
  SipMessage msg;
  DigestNonceList list;
} Reading;

static void
reading_clear (Reading *r)
{
  digest_nonce_list_clear (&r->list);
  sip_parser_free (r->parser);
}

static guint
read_nonces (Reading *r, const char *text)
{
  g_assert_cmpint (sip_parser_parse_datagram (r->parser, (const guint8 *) text,
                                              strlen (text), &r->msg, NULL),
                   ==, SIP_PARSE_OK);
  return digest_auth_read_nonces (&r->msg, &r->list);
}

static void
assert_span (SipSpan span, const char *expected)
{
  if (!expected)
    {
      g_assert_null (span.ptr);
      return;
    }
  g_assert_nonnull (span.ptr);
  g_assert_cmpmem (span.ptr, span.len, expected, strlen (expected));
}

static void
assert_nonce (const DigestNonce *n, const char *nonce, const char *realm,
              const char *username, gboolean stale)
{
  assert_span (n->nonce, nonce);
  assert_span (n->realm, realm);
  assert_span (n->username, username);
  g_assert_cmpint (n->stale, ==, stale);
}

#define HEAD_REQUEST                                                        \
  "REGISTER sip:example.com SIP/2.0\r\n"                                    \
  "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"                           \
  "From: <sip:alice@example.com>;tag=1\r\n"                                 \
  "To: <sip:alice@example.com>\r\n"                                         \
  "Call-ID: c1\r\n"                                                         \
  "CSeq: 2 REGISTER\r\n"

#define HEAD_RESPONSE(status)                                               \
  "SIP/2.0 " status "\r\n"                                                  \
  "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"                           \
  "From: <sip:alice@example.com>;tag=1\r\n"                                 \
  "To: <sip:alice@example.com>;tag=2\r\n"                                   \
  "Call-ID: c1\r\n"                                                         \
  "CSeq: 1 REGISTER\r\n"

/* Credentials in order, across both header names; Basic ones and Digest
 * ones without a nonce are skipped; challenges in a request are not
 * read. */
static void
test_request_credentials (void)
{
  Reading r = { .parser = sip_parser_new () };
  guint n = read_nonces (
      &r, HEAD_REQUEST
      "WWW-Authenticate: Digest realm=\"w\", nonce=\"nw\"\r\n"
      "Authorization: Basic YWxpY2U6c2VjcmV0\r\n"
      "Proxy-Authorization: Digest username=\"bob\", realm=\"p\","
      " nonce=\"n1\", uri=\"sip:example.com\", response=\"r\"\r\n"
      "Authorization: Digest username=\"alice\", realm=\"w\","
      " uri=\"sip:example.com\", response=\"r\"\r\n"
      "Authorization: Digest username=\"al\\\"ice\", nonce=\"n2\","
      " response=\"r\"\r\n"
      "Content-Length: 0\r\n\r\n");
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (r.list.n, ==, 2);
  assert_nonce (&r.list.at[0], "n1", "p", "bob", FALSE);
  assert_nonce (&r.list.at[1], "n2", NULL, "al\\\"ice", FALSE);
  reading_clear (&r);
}

/* A 401's and a 407's challenges, several in one value (RFC 8760) and
 * over several headers, stale=true kept per challenge; appended after
 * what the list holds. */
static void
test_challenges_appended (void)
{
  Reading r = { .parser = sip_parser_new () };
  g_assert_cmpuint (
      read_nonces (&r, HEAD_RESPONSE ("401 Unauthorized")
                   "WWW-Authenticate: Digest realm=\"a\", nonce=\"x\","
                   " algorithm=SHA-256, Digest realm=\"a\", nonce=\"y\"\r\n"
                   "Authorization: Digest username=\"u\", nonce=\"z\"\r\n"
                   "Content-Length: 0\r\n\r\n"),
      ==, 2);
  g_assert_cmpuint (
      read_nonces (&r, HEAD_RESPONSE ("407 Proxy Authentication Required")
                   "Proxy-Authenticate: Digest realm=\"b\", nonce=\"s\","
                   " stale=TRUE\r\n"
                   "Proxy-Authenticate: Digest realm=\"c\"\r\n"
                   "Content-Length: 0\r\n\r\n"),
      ==, 1);
  g_assert_cmpuint (r.list.n, ==, 3);
  assert_nonce (&r.list.at[0], "x", "a", NULL, FALSE);
  assert_nonce (&r.list.at[1], "y", "a", NULL, FALSE);
  assert_nonce (&r.list.at[2], "s", "b", NULL, TRUE);
  reading_clear (&r);
}

/* Other responses carry no challenge the detector reads, even with a
 * WWW-Authenticate header. */
static void
test_other_responses (void)
{
#define WITH_CHALLENGE(status)                                              \
  HEAD_RESPONSE (status)                                                    \
  "WWW-Authenticate: Digest realm=\"a\", nonce=\"x\"\r\n"                   \
  "Content-Length: 0\r\n\r\n"
  static const char *const responses[] = {
    WITH_CHALLENGE ("200 OK"), WITH_CHALLENGE ("403 Forbidden"),
    WITH_CHALLENGE ("100 Trying"),
  };
#undef WITH_CHALLENGE
  Reading r = { .parser = sip_parser_new () };
  for (gsize i = 0; i < G_N_ELEMENTS (responses); i++)
    g_assert_cmpuint (read_nonces (&r, responses[i]), ==, 0);
  g_assert_cmpuint (r.list.n, ==, 0);
  reading_clear (&r);
}

/* A malformed value gives what was parsed before the fault. */
static void
test_malformed_value (void)
{
  Reading r = { .parser = sip_parser_new () };
  g_assert_cmpuint (
      read_nonces (&r, HEAD_RESPONSE ("401 Unauthorized")
                   "WWW-Authenticate: Digest realm=\"a\", nonce=\"x\","
                   " Digest realm=\"b\", nonce=\"unterminated\r\n"
                   "Content-Length: 0\r\n\r\n"),
      ==, 1);
  assert_nonce (&r.list.at[0], "x", "a", NULL, FALSE);
  reading_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/digest-nonces/request-credentials",
                   test_request_credentials);
  g_test_add_func ("/digest-nonces/challenges-appended",
                   test_challenges_appended);
  g_test_add_func ("/digest-nonces/other-responses", test_other_responses);
  g_test_add_func ("/digest-nonces/malformed-value", test_malformed_value);
  return g_test_run ();
}
