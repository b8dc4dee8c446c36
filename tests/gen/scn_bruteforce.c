/* bruteforce.pcap: a password-guessing scanner (a new Call-ID per guess),
 * an extension scanner, and one honest phone, against one PBX. */
#include "scenario.h"

#include "token.h"

#define PBX_IP "192.0.2.1"
#define REALM "asterisk"
#define WRONG_TRIES 15

static const SipAgent pbx = {
  NULL, NULL, PBX_IP, PBX_IP, 5060, "Asterisk PBX 20.5.0",
};
static const SipAgent cracker = {
  "100", "100", PBX_IP, "203.0.113.66", 5071, "friendly-scanner",
};
static const SipAgent alice = {
  "alice", "Alice", PBX_IP, "192.0.2.10", 5060,
  "Yealink SIP-T46S 66.86.0.15",
};

/* Asterisk sends a fresh nonce with every challenge. */
static DigestChallenge
challenge_for (char **nonce_out, const char *seed)
{
  *nonce_out = token_hex (8, "bruteforce/nonce/%s", seed);
  return (DigestChallenge) {
    .realm = REALM, .nonce = *nonce_out, .algorithm = "MD5",
  };
}

static void
attempt (TruthWriter *truth, const Call *call, const char *username,
         const CapturePacket *challenge, const CapturePacket *retry,
         const CapturePacket *result, guint result_status,
         const char *outcome)
{
  TruthAuthAttempt a = {
    .call_id = call->call_id, .method = "REGISTER", .username = username,
    .realm = REALM, .challenge = challenge, .challenge_status = 401,
    .retry = retry, .result = result, .result_status = result_status,
    .outcome = outcome,
  };
  truth_auth_attempt (truth, &a);
}

/* One guess: REGISTER, 401, REGISTER with the guessed password, then 401
 * again (wrong) or 200. */
static void
guess (Call *c, TruthWriter *truth, gint64 start, guint try,
       const char *password, gboolean right)
{
  g_autofree char *seed = g_strdup_printf ("bruteforce/try/%u", try);
  g_autofree char *nonce1 = NULL;
  g_autofree char *nonce2 = NULL;
  g_autofree char *seed1 = g_strdup_printf ("%u/first", try);
  g_autofree char *seed2 = g_strdup_printf ("%u/second", try);
  DigestChallenge first = challenge_for (&nonce1, seed1);
  DigestChallenge second = challenge_for (&nonce2, seed2);

  call_renew_id (c, seed);
  call_request (c, start, "REGISTER");
  CapturePacket *challenge = scenario_send_challenge (c, start + MS (2),
                                                      401, &first, NULL);
  CapturePacket *retry = scenario_send_with_credentials (
    c, start + MS (31), "REGISTER", 401, &first, password, 1);
  if (right)
    {
      CapturePacket *ok = call_reply (c, start + MS (34), 200);
      attempt (truth, c, "100", challenge, retry, ok, 200, "accepted");
      return;
    }
  CapturePacket *again = scenario_send_challenge (c, start + MS (34), 401,
                                                  &second, NULL);
  /* The scanner moves on under a new Call-ID, leaving this 401 unanswered.
   * It is the result of this attempt, not a challenge abandoned before
   * any try: no abandoned record (those are for challenges to requests
   * without credentials, like the extension scan's). */
  attempt (truth, c, "100", challenge, retry, again, 401,
           "wrong_credentials");
}

static void
crack_password (Wire *wire, TruthWriter *truth)
{
  static const char *const guesses[WRONG_TRIES] = {
    "100", "1234", "12345", "123456", "password", "admin", "1000", "0000",
    "1111", "pass", "qwerty", "test", "voip", "sip", "abc123",
  };
  Call c;

  call_init_register (&c, wire, &cracker, &pbx, "bruteforce/cracker");
  for (guint i = 0; i < WRONG_TRIES; i++)
    guess (&c, truth, T (1000) + MS (660) * i, i, guesses[i], FALSE);
  guess (&c, truth, T (1000) + MS (660) * WRONG_TRIES, WRONG_TRIES,
         "100100", TRUE);
  call_clear (&c);
}

/* REGISTER without credentials for extensions 101-110: the existing ones
 * are challenged (and the scanner never answers), the rest get 404. */
static void
scan_extensions (Wire *wire, TruthWriter *truth)
{
  for (guint ext = 101; ext <= 110; ext++)
    {
      g_autofree char *user = g_strdup_printf ("%u", ext);
      g_autofree char *seed = g_strdup_printf ("bruteforce/scan/%u", ext);
      g_autofree char *nonce = NULL;
      SipAgent scanner = {
        user, user, PBX_IP, "198.51.100.7", 5062, "friendly-scanner",
      };
      DigestChallenge challenge = challenge_for (&nonce, seed);
      gint64 start = T (2100) + MS (300) * (ext - 101);
      Call c;

      call_init_register (&c, wire, &scanner, &pbx, seed);
      call_request (&c, start, "REGISTER");
      if (ext <= 104)
        {
          CapturePacket *sent = scenario_send_challenge (
            &c, start + MS (2), 401, &challenge, NULL);
          attempt (truth, &c, NULL, sent, NULL, NULL, 0, "abandoned");
        }
      else
        call_reply (&c, start + MS (2), 404);
      call_clear (&c);
    }
}

static void
register_phone (Wire *wire, TruthWriter *truth)
{
  g_autofree char *nonce = NULL;
  DigestChallenge challenge = challenge_for (&nonce, "alice");
  Call c;

  call_init_register (&c, wire, &alice, &pbx, "bruteforce/alice");
  call_request (&c, T (4537), "REGISTER");
  CapturePacket *sent = scenario_send_challenge (&c, T (4539), 401,
                                                 &challenge, NULL);
  CapturePacket *retry = scenario_send_with_credentials (
    &c, T (4598), "REGISTER", 401, &challenge, "alice-pw", 1);
  CapturePacket *ok = call_reply (&c, T (4603), 200);
  attempt (truth, &c, "alice", sent, retry, ok, 200, "accepted");
  call_clear (&c);
}

gboolean
scenario_bruteforce (const char *outdir, GError **error)
{
  g_autoptr (Capture) capture = capture_new ("bruteforce.pcap", CAPTURE_PCAP,
                                             LINKTYPE_ETHERNET);
  g_autoptr (TruthWriter) truth = truth_writer_new ();
  Wire wire;

  wire_init (&wire, capture, WIRE_ETHERNET);
  crack_password (&wire, truth);
  scan_extensions (&wire, truth);
  register_phone (&wire, truth);
  truth_auth_source (truth, cracker.ip, TRUE);
  truth_auth_source (truth, "198.51.100.7", FALSE);
  truth_auth_source (truth, alice.ip, FALSE);
  return scenario_save (outdir, "bruteforce.truth.jsonl", truth, &capture, 1,
                        error);
}
