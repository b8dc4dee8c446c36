#include "sipscan.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* What the reports printed before the formatter stopped using libc:
 * inet_ntop, then "[host]:port" or "host:port". */
static void
reference_format (const SipscanEndpoint *e, char *out)
{
  char host[INET6_ADDRSTRLEN] = "?";
  if (e->family != 0)
    inet_ntop (e->family == 6 ? AF_INET6 : AF_INET, e->addr, host,
               sizeof host);
  if (e->port == 0)
    g_strlcpy (out, host, SIPSCAN_ENDPOINT_STRLEN);
  else if (e->family == 6)
    snprintf (out, SIPSCAN_ENDPOINT_STRLEN, "[%s]:%u", host, e->port);
  else
    snprintf (out, SIPSCAN_ENDPOINT_STRLEN, "%s:%u", host, e->port);
}

static void
assert_like_reference (const SipscanEndpoint *e)
{
  char got[SIPSCAN_ENDPOINT_STRLEN], want[SIPSCAN_ENDPOINT_STRLEN];
  char host[SIPSCAN_ENDPOINT_STRLEN];
  reference_format (e, want);
  g_assert_cmpstr (sipscan_endpoint_format (e, got), ==, want);
  SipscanEndpoint no_port = *e;
  no_port.port = 0;
  reference_format (&no_port, want);
  g_assert_cmpstr (sipscan_endpoint_format_host (e, host), ==, want);
}

static void
test_known_texts (void)
{
  SipscanEndpoint e = { .family = 6, .port = 5060 };
  char buf[SIPSCAN_ENDPOINT_STRLEN];
  inet_pton (AF_INET6, "2001:db8::1", e.addr);
  g_assert_cmpstr (sipscan_endpoint_format (&e, buf), ==,
                   "[2001:db8::1]:5060");
  inet_pton (AF_INET6, "::ffff:192.0.2.7", e.addr);
  g_assert_cmpstr (sipscan_endpoint_format_host (&e, buf), ==,
                   "::ffff:192.0.2.7");
  e = (SipscanEndpoint){ .family = 4, .port = 65535,
                         .addr = { 255, 255, 255, 255 } };
  g_assert_cmpstr (sipscan_endpoint_format (&e, buf), ==,
                   "255.255.255.255:65535");
  e = (SipscanEndpoint){ .family = 0, .port = 7 };
  g_assert_cmpstr (sipscan_endpoint_format (&e, buf), ==, "?:7");
  memset (e.addr, 0xff, sizeof e.addr);
  e.family = 6;
  g_assert_cmpstr (sipscan_endpoint_format (&e, buf), ==,
                   "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:7");
}

/* Every pattern of zero and non-zero groups, with group values that
 * test leading zeros, and IPv4 tails. */
static void
test_ipv6_matches_inet_ntop (void)
{
  static const guint16 values[] = { 1, 0xffff, 0xa, 0x100, 0xabc };
  GRand *rand = g_rand_new_with_seed (6);
  for (guint mask = 0; mask < 256; mask++)
    for (guint round = 0; round < 20; round++)
      {
        SipscanEndpoint e = { .family = 6 };
        e.port = round == 0 ? 0 : (guint16) g_rand_int (rand);
        for (int i = 0; i < 8; i++)
          {
            guint16 word = 0;
            if (mask & (1u << i))
              word = round < G_N_ELEMENTS (values)
                         ? values[round]
                         : (guint16) g_rand_int_range (rand, 1, 0x10000);
            e.addr[2 * i] = (guint8) (word >> 8);
            e.addr[2 * i + 1] = (guint8) word;
          }
        assert_like_reference (&e);
        e.addr[10] = e.addr[11] = 0xff;
        assert_like_reference (&e);
      }
  g_rand_free (rand);
}

static void
test_ipv4_matches_inet_ntop (void)
{
  GRand *rand = g_rand_new_with_seed (4);
  for (guint round = 0; round < 20000; round++)
    {
      SipscanEndpoint e = { .family = 4 };
      e.port = (guint16) (round % 3 ? g_rand_int (rand) : round / 3);
      for (int i = 0; i < 4; i++)
        e.addr[i] = (guint8) (round % 5 == 0 ? round >> (2 * i)
                                              : g_rand_int (rand));
      assert_like_reference (&e);
    }
  g_rand_free (rand);
}

static void
test_every_port (void)
{
  SipscanEndpoint e = { .family = 4, .addr = { 192, 0, 2, 7 } };
  for (guint port = 0; port <= G_MAXUINT16; port++)
    {
      e.port = (guint16) port;
      assert_like_reference (&e);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/endpoint/format/known_texts", test_known_texts);
  g_test_add_func ("/endpoint/format/ipv6_matches_inet_ntop",
                   test_ipv6_matches_inet_ntop);
  g_test_add_func ("/endpoint/format/ipv4_matches_inet_ntop",
                   test_ipv4_matches_inet_ntop);
  g_test_add_func ("/endpoint/format/every_port", test_every_port);
  return g_test_run ();
}
