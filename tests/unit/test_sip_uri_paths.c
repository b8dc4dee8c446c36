/* The fast path of sip_uri_check_request_uri against its general path:
 * the file is included so that both, static there, can be called on the
 * same input, on the variants of test_variants.h. */
#include "sip/sip_uri.c"

#include "test_variants.h"

static void
compare_request_uri (SipSpan value, guint *fast_taken)
{
  const Reason *general_violation = NULL, *public_violation = NULL;
  const Reason *general = check_request_uri (value, &general_violation);
  const Reason *public = sip_uri_check_request_uri (value, &public_violation);
  g_assert_true (public == general);
  g_assert_true (public_violation == general_violation);
#ifdef SIP_LEX_SIMD
  if (is_usual_sip_uri (value))
    {
      g_assert_null (general);
      g_assert_null (general_violation);
      (*fast_taken)++;
    }
#endif
}

static void
test_request_uri_paths (void)
{
  static const char *const seeds[] = {
    "sip:2004329@voip.example.net",
    "sip:voip.example.net",
    "sip:2004329@10.1.26.102:5060",
    "SIP:alice:secret@atlanta.example.com:65535;transport=tcp;lr",
    "sip:user;par=u%40example.net@example.com;maddr=a@b.example.com",
    "sip:carol@chicago.example.com?Subject=next%20meeting",
    "sip:[2001:db8::10]:5070;transport=udp",
    "sips:bob@biloxi.example.com:5061",
    "tel:+1-201-555-0123;phone-context=example.com",
  };
  test_compare_seeds (seeds, G_N_ELEMENTS (seeds), compare_request_uri);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/uri/request-uri-fast-path", test_request_uri_paths);
  return g_test_run ();
}
