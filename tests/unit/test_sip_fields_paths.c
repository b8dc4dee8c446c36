/* The fast paths of sip_fields.c against its general paths: the file is
 * included so that both, static there, can be called on the same input,
 * on the variants of test_variants.h. */
#include "sip/sip_fields.c"

#include "test_variants.h"

static void
assert_same_span (SipSpan a, SipSpan b)
{
  g_assert_true (a.ptr == b.ptr);
  g_assert_cmpuint (a.len, ==, b.len);
}

static void
assert_same_via (const SipVia *a, const SipVia *b)
{
  assert_same_span (a->transport, b->transport);
  assert_same_span (a->host, b->host);
  g_assert_cmpuint (a->port, ==, b->port);
  assert_same_span (a->branch, b->branch);
}

static void
compare_via (SipSpan value, guint *fast_taken)
{
  SipVia general = { 0 }, public = { 0 };
  guint general_count = 0, public_count = 0;
  const Reason *general_violation = NULL, *public_violation = NULL;
  const Reason *general_reason = parse_via_values (value, &general,
                                                   &general_count,
                                                   &general_violation);
  const Reason *public_reason = sip_fields_parse_via (value, &public,
                                                      &public_count,
                                                      &public_violation);
  g_assert_true (public_reason == general_reason);
  g_assert_true (public_violation == general_violation);
  g_assert_cmpuint (public_count, ==, general_count);
  if (general_reason == NULL)
    assert_same_via (&public, &general);
#ifdef SIP_LEX_SIMD
  SipVia usual;
  if (parse_usual_via (value, &usual))
    {
      g_assert_null (general_reason);
      g_assert_null (general_violation);
      g_assert_cmpuint (general_count, ==, 1);
      assert_same_via (&usual, &general);
      g_assert_true (usual.branch_plain);
      for (gsize i = 0; i < usual.branch.len; i++)
        g_assert_cmpuint ((guint8) usual.branch.ptr[i], >=, ' ');
      (*fast_taken)++;
    }
#endif
}

/* scan_name_addr against scan_addr and the general scan_addr_params;
 * scan_usual_params, where it succeeds, against the latter. */
static void
compare_name_addr_in (SipSpan value, gboolean in_list, guint *fast_taken)
{
  const char *end = value.ptr + value.len;
  const char *params = value.ptr, *public_stop = value.ptr;
  SipSpan uri, user, general_tag;
  SipNameAddr public = { SIP_SPAN_NONE, SIP_SPAN_NONE, SIP_SPAN_NONE };
  SipSpan public_user = SIP_SPAN_NONE;
  const Reason *violation = NULL, *public_violation = NULL;
  const Reason *public_reason = scan_name_addr (
    &public_stop, value.ptr, end, in_list, &public, &public_user,
    &public_violation);
  const Reason *reason = scan_addr (&params, value.ptr, end, in_list, &uri,
                                    &user, &violation);
  const char *general_stop = params;
  if (reason == NULL)
    reason = scan_addr_params (&general_stop, value.ptr, end, in_list,
                               &general_tag);
  g_assert_true (public_reason == reason);
  g_assert_true (public_violation == violation);
  if (reason != NULL)
    return;
  g_assert_true (public_stop == general_stop);
  assert_same_span (public.uri, uri);
  assert_same_span (public_user, user);
  assert_same_span (public.tag, general_tag);
#ifdef SIP_LEX_SIMD
  SipSpan tag = SIP_SPAN_NONE;
  if (value.len >= 16 && scan_usual_params (params, end, "tag=", &tag))
    {
      g_assert_true (general_stop == end);
      assert_same_span (tag, general_tag);
      (*fast_taken)++;
    }
#endif
}

/* sip_fields_parse_name_addr (with_user) or
 * sip_fields_parse_name_addr_without_user against the general path. */
static void
compare_public_name_addr_with (SipSpan value, gboolean with_user,
                               guint *fast_taken)
{
  SipNameAddr general = { SIP_SPAN_NONE, SIP_SPAN_NONE, SIP_SPAN_NONE };
  SipNameAddr public = general;
  const Reason *general_violation = NULL, *public_violation = NULL;
  const Reason *general_reason = parse_name_addr (value, &general, with_user,
                                                  &general_violation);
  const Reason *public_reason
      = with_user ? sip_fields_parse_name_addr (value, &public,
                                                &public_violation)
                  : sip_fields_parse_name_addr_without_user (
                        value, &public, &public_violation);
  g_assert_true (public_reason == general_reason);
  g_assert_true (public_violation == general_violation);
  if (general_reason == NULL)
    {
      assert_same_span (public.uri, general.uri);
      assert_same_span (public.user, general.user);
      assert_same_span (public.tag, general.tag);
      if (!with_user)
        g_assert_null (public.user.ptr);
    }
#ifdef SIP_LEX_SIMD
  SipNameAddr usual = { .user = SIP_SPAN_NONE };
  if (parse_usual_name_addr (value, &usual, with_user))
    (*fast_taken)++;
#endif
}

/* Both against the general path, and sip_fields_check_contact against
 * its general path. */
static void
compare_public_name_addr (SipSpan value, guint *fast_taken)
{
  compare_public_name_addr_with (value, TRUE, fast_taken);
  compare_public_name_addr_with (value, FALSE, fast_taken);
  g_assert_true (sip_fields_check_contact (value)
                 == check_contact_list (sip_lex_trim (value)));
}

static void
compare_name_addr (SipSpan value, guint *fast_taken)
{
  compare_name_addr_in (value, FALSE, fast_taken);
  compare_name_addr_in (value, TRUE, fast_taken);
  compare_public_name_addr (value, fast_taken);
}

static void
test_via_paths (void)
{
  static const char *const seeds[] = {
    "SIP/2.0/UDP 10.1.26.102:5060;rport;branch=z9hG4bK130df6be4f5a4e9d",
    "SIP/2.0/UDP 10.1.29.115:5060;rport=5060;branch=z9hG4bK0fe00d8a99573ab2",
    "SIP/2.0/TCP h;branch=z9hG4bKx;BRANCH=y;branch",
    "sip/2.0/tls pc33.atlanta.example.com:65535;received=192.0.2.1",
    "SIP/2.0/UDP a.b:5060;branch=z9hG4bK1, SIP/2.0/UDP c.d;branch=z9hG4bK2",
    "SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bK3",
    /* parameters longer than one classification */
    ("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-524287-1---a0b5c2d3e4f5a6b7"
     ";rport;received=192.0.2.200"),
  };
  test_compare_seeds (seeds, G_N_ELEMENTS (seeds), compare_via);
}

static void
test_name_addr_paths (void)
{
  static const char *const seeds[] = {
    "<sip:2007364@voip.example.net>;tag=497307555e",
    "\"Ext 2007225\" <sip:2007225@voip.example.net>;tag=1e8cdaa363",
    "<sip:2006601@10.1.26.102:5060>;expires=3600;q=0.5;TAG=a;tag",
    "Bob <sips:bob@biloxi.example.com>;tag=a6c85cf;x=\"q\"",
    "<sip:a@b.example.com>;tag=x, <sip:c@d.example.com>;tag=y",
    "sip:carol@chicago.example.com;tag=887s;lr",
    "\"Al\\\"ice\" <sip:alice@atlanta.example.com>;tag=9fxced76sl",
    "<sip:[2001:db8::10]:5070>;tag=x",
    "<tel:+1-201-555-0123>;tag=b",
    "<sip:2006601@10.1.26.102:5060>",
  };
  test_compare_seeds (seeds, G_N_ELEMENTS (seeds), compare_name_addr);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/fields/via-fast-path", test_via_paths);
  g_test_add_func ("/sip/fields/name-addr-fast-path", test_name_addr_paths);
  return g_test_run ();
}
