#include "sip/sip_fields.h"
#include "test_span.h"
#include "test_support.h"

#include <string.h>

/* The value is copied to a buffer of its exact size, so that a sanitizer
 * build sees any read past its end (the SIMD paths read 16 bytes at a
 * time up to the end of the value). */
static SipSpan
exact_copy (const char *value)
{
  gsize len = strlen (value);
  return (SipSpan){ g_memdup2 (value, len), len };
}

static void
assert_reason (const Reason *reason, const char *expected)
{
  g_assert_cmpstr (reason != NULL ? reason->text : NULL, ==, expected);
}

typedef struct {
  const char *value;
  const char *reason;     /* NULL: well formed */
  const char *violation;
  const char *transport, *host, *branch;
  guint port, count;
} ViaCase;

static void
test_via_values (void)
{
  static const ViaCase cases[] = {
    { "SIP/2.0/UDP 10.1.26.102:5060;rport;branch=z9hG4bK130df6be4f5a4e9d",
      NULL, NULL, "UDP", "10.1.26.102", "z9hG4bK130df6be4f5a4e9d", 5060, 1 },
    { "SIP/2.0/TCP h;branch=z9hG4bKx", NULL, NULL, "TCP", "h", "z9hG4bKx",
      0, 1 },
    { "SIP/2.0/UDP pc33.atlanta.example.com;BRANCH=z9hG4bK776asdhds",
      NULL, NULL, "UDP", "pc33.atlanta.example.com", "z9hG4bK776asdhds", 0,
      1 },
    { "SIP / 2.0 / UDP first.example.com: 4000;ttl=16 ;maddr=224.2.0.1 "
      ";branch=z9hG4bKa7c6a8dlze.1", NULL, NULL, "UDP", "first.example.com",
      "z9hG4bKa7c6a8dlze.1", 4000, 1 },
    { "SIP/2.0/WSS df7jal23ls0d.invalid;branch=\"z9hG4bK56sdasks\"", NULL,
      NULL, "WSS", "df7jal23ls0d.invalid", "z9hG4bK56sdasks", 0, 1 },
    { "SIP/2.0/UDP a.example.com;branch= z9hG4bK1", NULL, NULL, "UDP",
      "a.example.com", "z9hG4bK1", 0, 1 },
    { "SIP/2.0/UDP a.example.com;branch=;rport", "malformed via header",
      NULL, NULL, NULL, NULL, 0, 0 },
    { "SIP/2.0/UDP a.example.com;branch=", "malformed via header", NULL,
      NULL, NULL, NULL, 0, 0 },
    { "SIP/2.0/UDP a.example.com;;branch=z9hG4bK2", NULL,
      "empty via parameter or value", "UDP", "a.example.com", "z9hG4bK2", 0,
      1 },
    { "SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bK3, "
      "SIP/2.0/TCP b.example.com;branch=z9hG4bK4", NULL, NULL, "UDP",
      "2001:db8::9:1", "z9hG4bK3", 5070, 2 },
    { "SIP/2.0/UDP host_with.under-score.example.com:70000;branch=z9hG4bK5",
      "malformed via header", NULL, NULL, NULL, NULL, 0, 0 },
    { "SIP/2.0/UDP a@b.example.com;branch=z9hG4bK6", "malformed via header",
      NULL, NULL, NULL, NULL, 0, 0 },
    { "SIP/2.0/UDPX a.example.com;received=10.0.0.1;branch=z9hG4bK7;rport",
      NULL, NULL, "UDPX", "a.example.com", "z9hG4bK7", 0, 1 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ViaCase *c = &cases[i];
      SipSpan value = exact_copy (c->value);
      SipVia top = { SIP_SPAN_NONE, SIP_SPAN_NONE, 0, SIP_SPAN_NONE, FALSE };
      guint count = 0;
      const Reason *violation = NULL;
      g_test_message ("%s", c->value);
      assert_reason (sip_fields_parse_via (value, &top, &count, &violation),
                     c->reason);
      assert_reason (violation, c->violation);
      if (c->reason == NULL)
        {
          assert_span (top.transport, c->transport);
          assert_span (top.host, c->host);
          assert_span (top.branch, c->branch);
          g_assert_cmpuint (top.port, ==, c->port);
          g_assert_cmpuint (count, ==, c->count);
        }
      g_free ((char *) value.ptr);
    }
}

typedef struct {
  const char *value;
  const char *reason;
  const char *violation;
  const char *uri, *user, *tag;
} NameAddrCase;

static void
test_name_addr_values (void)
{
  static const NameAddrCase cases[] = {
    { "<sip:2006601@voip.example.net>;tag=3d4eb30461", NULL, NULL,
      "sip:2006601@voip.example.net", "2006601", "3d4eb30461" },
    { "\"Ext 2006601\" <sip:2006601@voip.example.net>", NULL, NULL,
      "sip:2006601@voip.example.net", "2006601", NULL },
    { "<sip:a@b>", NULL, NULL, "sip:a@b", "a", NULL },
    { "<SIP:alice:secret@atlanta.example.com:5060>;TAG=1928301774", NULL,
      NULL, "SIP:alice:secret@atlanta.example.com:5060", "alice",
      "1928301774" },
    { "<sip:voip.example.net:5060;transport=tcp>", NULL, NULL,
      "sip:voip.example.net:5060;transport=tcp", NULL, NULL },
    { "<sip:@voip.example.net>", NULL, NULL, "sip:@voip.example.net", NULL,
      NULL },
    { "<sip::x@voip.example.net>", NULL, NULL, "sip::x@voip.example.net",
      NULL, NULL },
    { "<sip:a@b@voip.example.net;user=phone>", NULL, NULL,
      "sip:a@b@voip.example.net;user=phone", "a@b", NULL },
    { "\"a@b:c\" <sip:bob@biloxi.example.com>", NULL, NULL,
      "sip:bob@biloxi.example.com", "bob", NULL },
    { "x@y:z <sip:carol@chicago.example.com>", NULL,
      "display name is not tokens or a quoted string",
      "sip:carol@chicago.example.com", "carol", NULL },
    { "<tel:+1-201-555-0123;ext=1>;tag=1", NULL, NULL,
      "tel:+1-201-555-0123;ext=1", "+1-201-555-0123", "1" },
    { "<sips:bob@biloxi.example.com>", NULL, NULL,
      "sips:bob@biloxi.example.com", "bob", NULL },
    { "< sip:bob@biloxi.example.com >", NULL,
      "white space inside angle brackets", "sip:bob@biloxi.example.com",
      "bob", NULL },
    { "<sip:bob @biloxi.example.com>", "white space inside angle brackets",
      NULL, NULL, NULL, NULL },
    { "<sip:bob@biloxi.example.com", "malformed name-addr", NULL, NULL, NULL,
      NULL },
    { "<sip:bob@biloxi.example.com>;tag=\"q\"", NULL, NULL,
      "sip:bob@biloxi.example.com", "bob", "q" },
    { "<sip:bob@biloxi.example.com>;tag= 77 ;x", NULL, NULL,
      "sip:bob@biloxi.example.com", "bob", "77" },
    { "<sip:bob@biloxi.example.com>;tag=", "malformed header parameter",
      NULL, NULL, NULL, NULL },
    { "<sip:bob@biloxi.example.com>;tag=;x=1", "malformed header parameter",
      NULL, NULL, NULL, NULL },
    { "<sip:bob@biloxi.example.com>;;tag=1", "malformed header parameter",
      NULL, NULL, NULL, NULL },
    { "<sip:bob@biloxi.example.com>;tag=1 x", "malformed name-addr", NULL,
      NULL, NULL, NULL },
    { "sip:bob@biloxi.example.com;tag=2", NULL, NULL,
      "sip:bob@biloxi.example.com", "bob", "2" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const NameAddrCase *c = &cases[i];
      SipSpan value = exact_copy (c->value);
      SipNameAddr addr;
      const Reason *violation = NULL;
      g_test_message ("%s", c->value);
      assert_reason (sip_fields_parse_name_addr (value, &addr, &violation),
                     c->reason);
      assert_reason (violation, c->violation);
      if (c->reason == NULL)
        {
          assert_span (addr.uri, c->uri);
          assert_span (addr.user, c->user);
          assert_span (addr.tag, c->tag);
        }
      g_free ((char *) value.ptr);
    }
}

static void
test_contact_values (void)
{
  static const struct {
    const char *value;
    const char *reason;
  } cases[] = {
    { "<sip:2006601@10.1.26.102:5060>", NULL },
    { "<sip:2006601@10.1.26.102:5060>;expires=3600", NULL },
    { "*", NULL },
    { "<sip:a@b>, \"B\" <sip:b@c.example.com>;q=0.5", NULL },
    { "<sip:a@b>;expires=", "malformed header parameter" },
    { "<sip:a @b.example.com>", "white space inside angle brackets" },
    { "<sip:a@b >", "white space inside angle brackets" },
    { "<sip:2006601@10.1.26.102:5060 >",
      "white space inside angle brackets" },
    { "<>", "malformed name-addr" },
    { "<sip:a@b>>", "malformed name-addr" },
    { "<sip:2006601@10.1.26.102:5060>>", "malformed name-addr" },
    { "sip:a@b.example.com?x=y", "uri with '?' or ',' outside angle brackets" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SipSpan value = exact_copy (cases[i].value);
      g_test_message ("%s", cases[i].value);
      assert_reason (sip_fields_check_contact (value), cases[i].reason);
      g_free ((char *) value.ptr);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/fields/via-values", test_via_values);
  g_test_add_func ("/sip/fields/name-addr-values", test_name_addr_values);
  g_test_add_func ("/sip/fields/contact-values", test_contact_values);
  return g_test_run ();
}
