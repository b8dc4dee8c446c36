/* digest_auth.pcap: Digest challenges (RFC 3261 §22, RFC 7616, RFC 8760)
 * and each way an authentication attempt can end. */
#include "scenario.h"

#include "token.h"

#define DOMAIN "example.com"
#define REALM "example.com"

static const SipAgent registrar = {
  NULL, NULL, DOMAIN, "192.0.2.1", 5060, "kamailio (5.7.2 (x86_64/linux))",
};

#define PHONE(user, ip, ua) { user, NULL, DOMAIN, ip, 5060, ua }

static const SipAgent alice = PHONE ("alice", "192.0.2.21",
                                     "Linphone/5.2.0 (belle-sip/5.2.0)");
static const SipAgent bob = PHONE ("bob", "192.0.2.22",
                                   "Grandstream GXP2170 1.0.11.23");
static const SipAgent carol = PHONE ("carol", "192.0.2.23",
                                     "Yealink SIP-T46S 66.86.0.15");
static const SipAgent dave = PHONE ("dave", "192.0.2.24",
                                    "Zoiper rv2.10.19.0");
static const SipAgent erin = PHONE ("erin", "192.0.2.25",
                                    "MicroSIP/3.21.3");
static const SipAgent frank = PHONE ("frank", "192.0.2.26",
                                     "Cisco-SIPGateway/IOS-15.x");
static const SipAgent grace = PHONE ("grace", "192.0.2.27",
                                     "Linphone/5.2.0 (belle-sip/5.2.0)");
static const SipAgent heidi = PHONE ("heidi", "192.0.2.28",
                                     "friendly-phone/2.1");

/* A challenge with a nonce and opaque derived from its name. */
typedef struct {
  DigestChallenge challenge;
  char *nonce;
  char *opaque;
} Nonce;

static void
nonce_init (Nonce *n, const char *name, const char *algorithm, gboolean stale)
{
  n->nonce = token_hex (32, "digest_auth/nonce/%s", name);
  n->opaque = token_hex (16, "digest_auth/opaque/%s", name);
  n->challenge = (DigestChallenge) {
    .realm = REALM, .nonce = n->nonce, .opaque = n->opaque,
    .algorithm = algorithm, .stale = stale,
  };
}

static void
nonce_clear (Nonce *n)
{
  g_free (n->nonce);
  g_free (n->opaque);
}

static void
attempt (TruthWriter *truth, const Call *call, const char *method,
         const CapturePacket *challenge, guint challenge_status,
         const CapturePacket *retry, const CapturePacket *result,
         guint result_status, const char *outcome)
{
  TruthAuthAttempt a = {
    .call_id = call->call_id, .method = method, .username = call->ua->user,
    .realm = REALM, .challenge = challenge,
    .challenge_status = challenge_status, .retry = retry, .result = result,
    .result_status = result_status, .outcome = outcome,
  };
  truth_auth_attempt (truth, &a);
}

/* a: 401, credentials, 200. */
static void
register_accepted (Wire *wire, TruthWriter *truth)
{
  Call c;
  Nonce n1;
  call_init_register (&c, wire, &alice, &registrar, "digest/a");
  nonce_init (&n1, "n1", "MD5", FALSE);
  call_request (&c, T (1000), "REGISTER");
  CapturePacket *challenge = scenario_send_challenge (&c, T (1003), 401,
                                                      &n1.challenge, NULL);
  CapturePacket *retry = scenario_send_with_credentials (
    &c, T (1041), "REGISTER", 401, &n1.challenge, "alice-pw", 1);
  CapturePacket *ok = call_reply (&c, T (1046), 200);
  attempt (truth, &c, "REGISTER", challenge, 401, retry, ok, 200, "accepted");
  nonce_clear (&n1);
  call_clear (&c);
}

/* b: wrong password twice: 401 again, then 403. */
static void
register_wrong_then_forbidden (Wire *wire, TruthWriter *truth)
{
  Call c;
  Nonce n2, n3;
  call_init_register (&c, wire, &bob, &registrar, "digest/b");
  nonce_init (&n2, "n2", "MD5", FALSE);
  nonce_init (&n3, "n3", "MD5", FALSE);
  call_request (&c, T (2000), "REGISTER");
  CapturePacket *challenge1 = scenario_send_challenge (&c, T (2002), 401,
                                                       &n2.challenge, NULL);
  CapturePacket *retry1 = scenario_send_with_credentials (
    &c, T (2033), "REGISTER", 401, &n2.challenge, "bob-typo", 1);
  CapturePacket *challenge2 = scenario_send_challenge (&c, T (2036), 401,
                                                       &n3.challenge, NULL);
  CapturePacket *retry2 = scenario_send_with_credentials (
    &c, T (2071), "REGISTER", 401, &n3.challenge, "bob-typo", 1);
  CapturePacket *forbidden = call_reply (&c, T (2075), 403);
  attempt (truth, &c, "REGISTER", challenge1, 401, retry1, challenge2, 401,
           "wrong_credentials");
  attempt (truth, &c, "REGISTER", challenge2, 401, retry2, forbidden, 403,
           "forbidden");
  nonce_clear (&n2);
  nonce_clear (&n3);
  call_clear (&c);
}

/* c: credentials with a nonce from before the capture: 401 stale=true,
 * then credentials with the fresh nonce. */
static void
register_stale_nonce (Wire *wire, TruthWriter *truth)
{
  Call c;
  Nonce old, n4;
  call_init_register (&c, wire, &carol, &registrar, "digest/c");
  nonce_init (&old, "carol-before-capture", "MD5", FALSE);
  nonce_init (&n4, "n4", "MD5", TRUE);
  CapturePacket *retry1 = scenario_send_with_credentials (
    &c, T (3000), "REGISTER", 401, &old.challenge, "carol-pw", 7);
  CapturePacket *stale = scenario_send_challenge (&c, T (3004), 401,
                                                  &n4.challenge, NULL);
  CapturePacket *retry2 = scenario_send_with_credentials (
    &c, T (3038), "REGISTER", 401, &n4.challenge, "carol-pw", 1);
  CapturePacket *ok = call_reply (&c, T (3043), 200);
  attempt (truth, &c, "REGISTER", NULL, 0, retry1, stale, 401,
           "stale_nonce");
  attempt (truth, &c, "REGISTER", stale, 401, retry2, ok, 200, "accepted");
  nonce_clear (&old);
  nonce_clear (&n4);
  call_clear (&c);
}

/* d: INVITE challenged by the proxy (407), retried with
 * Proxy-Authorization; the BYE reuses the nonce with nc=00000002. */
static void
invite_proxy_auth (Wire *wire, TruthWriter *truth)
{
  Call c;
  Nonce n5;
  call_init (&c, wire, &dave, &registrar, "sip:4001@" DOMAIN, "digest/d");
  nonce_init (&n5, "n5", "MD5", FALSE);
  call_request (&c, T (4000), "INVITE");
  CapturePacket *challenge = scenario_send_challenge (&c, T (4005), 407,
                                                      &n5.challenge, NULL);
  call_ack (&c, T (4007));
  CapturePacket *invite = scenario_send_with_credentials (
    &c, T (4052), "INVITE", 407, &n5.challenge, "dave-pw", 1);
  call_reply (&c, T (4060), 100);
  call_reply (&c, T (4391), 180);
  CapturePacket *answered = call_reply (&c, T (7391), 200);
  call_ack (&c, T (7396));
  CapturePacket *bye = scenario_send_with_credentials (
    &c, T (16500), "BYE", 407, &n5.challenge, "dave-pw", 2);
  CapturePacket *bye_ok = call_reply (&c, T (16507), 200);
  attempt (truth, &c, "INVITE", challenge, 407, invite, answered, 200,
           "accepted");
  attempt (truth, &c, "BYE", challenge, 407, bye, bye_ok, 200, "accepted");
  nonce_clear (&n5);
  call_clear (&c);
}

/* e: challenged, never answered. */
static void
register_abandoned (Wire *wire, TruthWriter *truth)
{
  Call c;
  Nonce n6;
  call_init_register (&c, wire, &erin, &registrar, "digest/e");
  nonce_init (&n6, "n6", "MD5", FALSE);
  call_request (&c, T (5000), "REGISTER");
  CapturePacket *challenge = scenario_send_challenge (&c, T (5003), 401,
                                                      &n6.challenge, NULL);
  TruthAuthAttempt a = {
    .call_id = c.call_id, .method = "REGISTER", .username = NULL,
    .realm = REALM, .challenge = challenge, .challenge_status = 401,
    .outcome = "abandoned",
  };
  truth_auth_attempt (truth, &a);
  nonce_clear (&n6);
  call_clear (&c);
}

/* f: credentials sent and retransmitted (Timer E), no response. */
static void
register_no_response (Wire *wire, TruthWriter *truth)
{
  Call c;
  Nonce n7;
  call_init_register (&c, wire, &frank, &registrar, "digest/f");
  nonce_init (&n7, "n7", "MD5", FALSE);
  call_request (&c, T (6000), "REGISTER");
  CapturePacket *challenge = scenario_send_challenge (&c, T (6002), 401,
                                                      &n7.challenge, NULL);
  CapturePacket *retry = scenario_send_with_credentials (
    &c, T (6030), "REGISTER", 401, &n7.challenge, "frank-pw", 1);
  call_resend (&c, T (6530));
  call_resend (&c, T (7530));
  attempt (truth, &c, "REGISTER", challenge, 401, retry, NULL, 0,
           "no_response");
  nonce_clear (&n7);
  call_clear (&c);
}

/* g: one 401 with a SHA-256 and an MD5 challenge (RFC 8760 §2.4); the
 * client answers the MD5 one. */
static void
register_two_algorithms (Wire *wire, TruthWriter *truth)
{
  Call c;
  Nonce n8a, n8b;
  call_init_register (&c, wire, &grace, &registrar, "digest/g");
  nonce_init (&n8a, "n8a", "SHA-256", FALSE);
  nonce_init (&n8b, "n8b", "MD5", FALSE);
  call_request (&c, T (8000), "REGISTER");
  CapturePacket *challenge = scenario_send_challenge (
    &c, T (8003), 401, &n8a.challenge, &n8b.challenge, NULL);
  CapturePacket *retry = scenario_send_with_credentials (
    &c, T (8044), "REGISTER", 401, &n8b.challenge, "grace-pw", 1);
  CapturePacket *ok = call_reply (&c, T (8049), 200);
  attempt (truth, &c, "REGISTER", challenge, 401, retry, ok, 200,
           "accepted");
  nonce_clear (&n8a);
  nonce_clear (&n8b);
  call_clear (&c);
}

/* h: the retry comes from the same address with a new Call-ID: paired by
 * source, username, realm and nonce. */
static void
register_new_call_id (Wire *wire, TruthWriter *truth)
{
  Call c;
  Nonce n9;
  call_init_register (&c, wire, &heidi, &registrar, "digest/h");
  nonce_init (&n9, "n9", "MD5", FALSE);
  call_request (&c, T (9000), "REGISTER");
  CapturePacket *challenge = scenario_send_challenge (&c, T (9002), 401,
                                                      &n9.challenge, NULL);
  call_renew_id (&c, "digest/h/second");
  CapturePacket *retry = scenario_send_with_credentials (
    &c, T (9120), "REGISTER", 401, &n9.challenge, "heidi-pw", 1);
  CapturePacket *ok = call_reply (&c, T (9124), 200);
  attempt (truth, &c, "REGISTER", challenge, 401, retry, ok, 200,
           "accepted");
  nonce_clear (&n9);
  call_clear (&c);
}

gboolean
scenario_digest_auth (const char *outdir, GError **error)
{
  g_autoptr (Capture) capture = capture_new ("digest_auth.pcap", CAPTURE_PCAP,
                                             LINKTYPE_ETHERNET);
  g_autoptr (TruthWriter) truth = truth_writer_new ();
  const SipAgent *clients[] = {
    &alice, &bob, &carol, &dave, &erin, &frank, &grace, &heidi,
  };
  Wire wire;

  wire_init (&wire, capture, WIRE_ETHERNET);
  register_accepted (&wire, truth);
  register_wrong_then_forbidden (&wire, truth);
  register_stale_nonce (&wire, truth);
  invite_proxy_auth (&wire, truth);
  register_abandoned (&wire, truth);
  register_no_response (&wire, truth);
  register_two_algorithms (&wire, truth);
  register_new_call_id (&wire, truth);
  for (gsize i = 0; i < G_N_ELEMENTS (clients); i++)
    truth_auth_source (truth, clients[i]->ip, FALSE);
  return scenario_save (outdir, "digest_auth.truth.jsonl", truth, &capture, 1,
                        error);
}
