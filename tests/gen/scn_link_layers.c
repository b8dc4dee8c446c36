/* One small complete call and one authenticated registration, carried by
 * each link layer and IP variant sipscan decodes. */
#include "scenario.h"

#include <string.h>

#include "token.h"

#define DOMAIN "example.com"
#define REALM "example.com"

typedef struct {
  SipAgent caller;      /* calls the PBX */
  SipAgent phone;       /* registers at the PBX */
  SipAgent pbx_call;    /* the PBX, as the caller reaches it */
  SipAgent pbx_reg;     /* the PBX, as the phone reaches it */
} Cast;

#define AGENT(user, ip, port, ua) { user, NULL, DOMAIN, ip, port, ua }
#define PHONE_UA "Yealink SIP-T46S 66.86.0.15"
#define SOFTPHONE_UA "Linphone/5.2.0 (belle-sip/5.2.0)"
#define PBX_UA "FreeSWITCH-mod_sofia/1.10.11"

static const Cast cast_ipv4 = {
  AGENT ("1001", "192.0.2.40", 5060, PHONE_UA),
  AGENT ("1002", "192.0.2.41", 5060, SOFTPHONE_UA),
  AGENT (NULL, "198.51.100.40", 5060, PBX_UA),
  AGENT (NULL, "198.51.100.40", 5060, PBX_UA),
};
static const Cast cast_ipv6 = {
  AGENT ("1001", "2001:db8::40", 5080, PHONE_UA),
  AGENT ("1002", "2001:db8::41", 5080, SOFTPHONE_UA),
  AGENT (NULL, "2001:db8:1::40", 5080, PBX_UA),
  AGENT (NULL, "2001:db8:1::40", 5080, PBX_UA),
};
/* The call over IPv4, the registration over IPv6. */
static const Cast cast_mixed = {
  AGENT ("1001", "192.0.2.40", 5060, PHONE_UA),
  AGENT ("1002", "2001:db8::41", 5060, SOFTPHONE_UA),
  AGENT (NULL, "198.51.100.40", 5060, PBX_UA),
  AGENT (NULL, "2001:db8:1::40", 5060, PBX_UA),
};

/* base: the time of the capture's start; compact: the call uses compact
 * header names. */
static void
call_and_register (Wire *wire, TruthWriter *truth, const Cast *cast,
                   const char *name, gint64 base, gboolean compact)
{
  g_autofree char *call_seed = g_strdup_printf ("%s/call", name);
  g_autofree char *reg_seed = g_strdup_printf ("%s/register", name);
  g_autofree char *nonce = token_hex (32, "%s/nonce", name);
  g_autofree char *opaque = token_hex (16, "%s/opaque", name);
  DigestChallenge challenge = {
    .realm = REALM, .nonce = nonce, .opaque = opaque, .algorithm = "MD5",
  };
  Call c, r;

  call_init (&c, wire, &cast->caller, &cast->pbx_call, "sip:2000@" DOMAIN,
             call_seed);
  c.compact = compact;
  call_request (&c, base + MS (100), "INVITE");
  call_reply (&c, base + MS (115), 100);
  call_reply (&c, base + MS (235), 180);
  call_reply (&c, base + MS (2735), 200);
  call_ack (&c, base + MS (2739));
  call_request (&c, base + MS (14739), "BYE");
  call_reply (&c, base + MS (14745), 200);

  call_init_register (&r, wire, &cast->phone, &cast->pbx_reg, reg_seed);
  call_request (&r, base + MS (1000), "REGISTER");
  CapturePacket *sent = scenario_send_challenge (&r, base + MS (1003), 401,
                                                 &challenge, NULL);
  CapturePacket *retry = scenario_send_with_credentials (
    &r, base + MS (1043), "REGISTER", 401, &challenge, "secret-1002", 1);
  CapturePacket *ok = call_reply (&r, base + MS (1047), 200);

  TruthAuthAttempt a = {
    .call_id = r.call_id, .method = "REGISTER", .username = "1002",
    .realm = REALM, .challenge = sent, .challenge_status = 401,
    .retry = retry, .result = ok, .result_status = 200,
    .outcome = "accepted",
  };
  truth_auth_attempt (truth, &a);
  truth_auth_source (truth, cast->phone.ip, FALSE);
  call_clear (&c);
  call_clear (&r);
}

static gboolean
write_capture (const char *outdir, const char *file_name,
               CaptureFormat format, Wire *wire_template, const Cast *cast,
               gint64 base, gboolean compact, GError **error)
{
  g_autofree char *name = g_strndup (file_name, strcspn (file_name, "."));
  g_autofree char *truth_name = g_strdup_printf ("%s.truth.jsonl", name);
  g_autoptr (Capture) capture = capture_new (file_name, format,
                                             wire_link_type (wire_template->link));
  g_autoptr (TruthWriter) truth = truth_writer_new ();
  Wire wire = *wire_template;

  wire.capture = capture;
  call_and_register (&wire, truth, cast, name, base, compact);
  return scenario_save (outdir, truth_name, truth, &capture, 1, error);
}

static Wire
wire_template (WireLink link)
{
  Wire wire = { .link = link, .next_ip_id = 0x1c46,
                .next_fragment_id = 0x7e000001 };
  return wire;
}

gboolean
scenario_link_layers (const char *outdir, GError **error)
{
  /* Router Alert (RFC 2113): a 4-byte IPv4 option. */
  static const guint8 router_alert[] = { 0x94, 0x04, 0x00, 0x00 };
  Wire qinq = wire_template (WIRE_ETHERNET);
  Wire sll = wire_template (WIRE_SLL);
  Wire sll2 = wire_template (WIRE_SLL2);
  Wire raw = wire_template (WIRE_RAW);
  Wire null = wire_template (WIRE_NULL);
  Wire options = wire_template (WIRE_ETHERNET);

  qinq.vlans[0] = (PktVlan) { PKT_ETHERTYPE_QINQ, 100 };
  qinq.vlans[1] = (PktVlan) { PKT_ETHERTYPE_VLAN, 5 << 13 | 42 };
  qinq.n_vlans = 2;
  qinq.ipv6_hop_by_hop = TRUE;
  qinq.ipv6_destination_options = TRUE;
  sll.local_ip = cast_ipv4.pbx_call.ip;
  sll2.local_ip = cast_ipv4.pbx_call.ip;
  options.ipv4_options = router_alert;
  options.ipv4_options_len = sizeof router_alert;

  return write_capture (outdir, "ethernet_qinq_ipv6.pcap", CAPTURE_PCAP,
                        &qinq, &cast_ipv6, GEN_EPOCH, FALSE, error)
         && write_capture (outdir, "linux_sll.pcap", CAPTURE_PCAP, &sll,
                           &cast_ipv4, GEN_EPOCH, FALSE, error)
         && write_capture (outdir, "linux_sll2.pcap", CAPTURE_PCAP, &sll2,
                           &cast_ipv4, GEN_EPOCH, FALSE, error)
         && write_capture (outdir, "raw_ip.pcap", CAPTURE_PCAP, &raw,
                           &cast_mixed, GEN_EPOCH, FALSE, error)
         && write_capture (outdir, "bsd_null.pcap", CAPTURE_PCAP, &null,
                           &cast_mixed, GEN_EPOCH, TRUE, error)
         /* Timestamps with nanoseconds that a microsecond reader would
          * lose. */
         && write_capture (outdir, "ipv4_options.pcapng", CAPTURE_PCAPNG,
                           &options, &cast_ipv4, GEN_EPOCH + 417, FALSE,
                           error);
}
