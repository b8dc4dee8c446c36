/* The lexer's SIMD scans against the byte loops they stand for, on the
 * variants of test_variants.h. */
#include "sip/sip_lex.h"

#include "test_variants.h"

/* sip_lex_skip_host_in, which crosses a host that starts with a digit
 * twice, against sip_lex_skip_class. */
static void
compare_skip_host (SipSpan value, guint *fast_taken)
{
  const char *end = value.ptr + value.len;
  for (const char *p = value.ptr; p <= end; p++)
    g_assert_true (sip_lex_skip_host_in (value.ptr, p, end)
                   == sip_lex_skip_class (p, end, SIP_CHAR_HOST));
  if (value.len >= 16 && sip_lex_is (value.ptr[0], SIP_CHAR_DIGIT))
    (*fast_taken)++;
}

/* sip_lex_find_lws, which first tells a run without space or control
 * byte by its least byte, against sip_lex_find_class. */
static void
compare_find_lws (SipSpan value, guint *fast_taken)
{
  const char *end = value.ptr + value.len;
  for (const char *p = value.ptr; p <= end; p++)
    {
      const char *lws = sip_lex_find_class (p, end, SIP_CHAR_LWS);
      g_assert_true (sip_lex_find_lws (p, end) == lws);
      if (end - p >= 16 && lws == end)
        (*fast_taken)++;
    }
}

static void
test_skip_host (void)
{
  static const char *const seeds[] = {
    "10.1.29.115:5060;rport",
    "192.0.2.1;branch=z9hG4bK",
    "1and1.example.com:5061",
    "pc33.atlanta.example.com",
    "2001.db8.0.0.0.0.0.1.example_host-name.net",
  };
  test_compare_seeds (seeds, G_N_ELEMENTS (seeds), compare_skip_host);
}

static void
test_find_lws (void)
{
  static const char *const seeds[] = {
    "082c56ca38175d2f3e31fa32@10.1.29.115",
    "sip:2004329@voip.example.net",
    "a84b4c76e66710@pc33.atlanta.example.com\x01\x7f",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
  };
  test_compare_seeds (seeds, G_N_ELEMENTS (seeds), compare_find_lws);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/lex/skip-host", test_skip_host);
  g_test_add_func ("/sip/lex/find-lws", test_find_lws);
  return g_test_run ();
}
