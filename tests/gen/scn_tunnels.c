/* tunnels.pcap: the same exchanges carried through each encapsulation
 * sipscan decodes, one after the other: GRE, ERSPAN II, VXLAN, GTP-U,
 * MPLS, PPPoE, IPv4-in-IPv6 and a HEP3 agent's copies. Through each, a
 * phone registers (401, credentials: accepted, or wrong for every other
 * one) and calls through a proxy that answers 100 Trying and then 408
 * 40 s later: a stuck INVITE. sipscan must see the inner addresses and,
 * for HEP, the agent's times. */
#include "scenario.h"

#include "token.h"

#define DOMAIN "example.com"
#define REALM "example.com"

static const SipAgent proxy = {
  NULL, NULL, DOMAIN, "198.51.100.30", 5060, "kamailio (5.7.2 (x86_64/linux))",
};

static const struct {
  WireTunnel tunnel;
  const char *name;
  SipAgent phone;
} carried[] = {
#define PHONE(user, ip) { user, NULL, DOMAIN, ip, 5060, \
                          "Yealink SIP-T46S 66.86.0.15" }
  { WIRE_TUNNEL_GRE, "gre", PHONE ("4001", "192.0.2.41") },
  { WIRE_TUNNEL_ERSPAN_II, "erspan", PHONE ("4002", "192.0.2.42") },
  { WIRE_TUNNEL_VXLAN, "vxlan", PHONE ("4003", "192.0.2.43") },
  { WIRE_TUNNEL_GTPU, "gtpu", PHONE ("4004", "192.0.2.44") },
  { WIRE_TUNNEL_MPLS, "mpls", PHONE ("4005", "192.0.2.45") },
  { WIRE_TUNNEL_PPPOE, "pppoe", PHONE ("4006", "192.0.2.46") },
  { WIRE_TUNNEL_IPIP, "ipip", PHONE ("4007", "192.0.2.47") },
  { WIRE_TUNNEL_HEP3, "hep", PHONE ("4008", "192.0.2.48") },
#undef PHONE
};

/* REGISTER, 401, REGISTER with credentials (the right password or not),
 * then 200 or 401 again, from start. */
static void
register_through (Wire *wire, TruthWriter *truth, const SipAgent *phone,
                  const char *name, gboolean right, gint64 start)
{
  Call c;
  g_autofree char *seed = g_strdup_printf ("tunnels/register/%s", name);
  g_autofree char *nonce = token_hex (32, "tunnels/nonce/%s", name);
  const DigestChallenge challenge = {
    .realm = REALM, .nonce = nonce, .algorithm = "MD5",
  };
  call_init_register (&c, wire, phone, &proxy, seed);
  call_request (&c, start, "REGISTER");
  CapturePacket *challenged = scenario_send_challenge (&c, start + MS (3),
                                                       401, &challenge,
                                                       NULL);
  CapturePacket *retry = scenario_send_with_credentials (
    &c, start + MS (35), "REGISTER", 401, &challenge,
    right ? "secret" : "secret-typo", 1);
  CapturePacket *result = call_reply (&c, start + MS (39), right ? 200 : 401);
  TruthAuthAttempt attempt = {
    .call_id = c.call_id, .method = "REGISTER", .username = phone->user,
    .realm = REALM, .challenge = challenged, .challenge_status = 401,
    .retry = retry, .result = result, .result_status = right ? 200 : 401,
    .outcome = right ? "accepted" : "wrong_credentials",
  };
  truth_auth_attempt (truth, &attempt);
  truth_auth_source (truth, phone->ip, FALSE);
  call_clear (&c);
}

/* INVITE, 100 Trying, and 408 40 s later. */
static void
call_through (Wire *wire, TruthWriter *truth, const SipAgent *phone,
              const char *name, gint64 start)
{
  Call c;
  g_autofree char *seed = g_strdup_printf ("tunnels/call/%s", name);
  call_init (&c, wire, phone, &proxy, "sip:5000@" DOMAIN, seed);
  CapturePacket *invite = call_request (&c, start, "INVITE");
  CapturePacket *trying = call_reply (&c, start + MS (21), 100);
  CapturePacket *final = call_reply (&c, start + MS (40021), 408);
  call_ack (&c, start + MS (40023));
  truth_stuck_invite (truth, c.call_id, invite, trying, "final", final, 408);
  call_clear (&c);
}

gboolean
scenario_tunnels (const char *outdir, GError **error)
{
  g_autoptr (Capture) capture = capture_new ("tunnels.pcap", CAPTURE_PCAP,
                                             LINKTYPE_ETHERNET);
  g_autoptr (TruthWriter) truth = truth_writer_new ();
  Wire wire;

  wire_init (&wire, capture, WIRE_ETHERNET);
  for (guint i = 0; i < G_N_ELEMENTS (carried); i++)
    {
      gint64 start = T (100 + 1000 * i);
      wire.tunnel = carried[i].tunnel;
      register_through (&wire, truth, &carried[i].phone, carried[i].name,
                        i % 2 == 0, start);
      call_through (&wire, truth, &carried[i].phone, carried[i].name,
                    start + MS (500));
    }
  return scenario_save (outdir, "tunnels.truth.jsonl", truth, &capture, 1,
                        error);
}
