/* multifile_a.pcap + multifile_b.pcap: two captures of one period; a
 * stuck INVITE starts in one and ends in the other, OPTIONS pings
 * alternate between them. Frames are numbered in merged time order. */
#include "scenario.h"

static const SipAgent caller = {
  "1050", "Main Desk", "example.com", "192.0.2.50", 5060,
  "Yealink SIP-T46S 66.86.0.15",
};
static const SipAgent carrier = {
  NULL, NULL, "carrier.example.net", "198.51.100.60", 5060,
  "Sonus SBC 11.1",
};
static const SipAgent monitor = {
  "monitor", NULL, "example.com", "203.0.113.5", 5060, "sipsak 0.9.8.1",
};
static const SipAgent pbx = {
  NULL, NULL, "example.com", "192.0.2.1", 5060, "Asterisk PBX 20.5.0",
};

gboolean
scenario_multifile (const char *outdir, GError **error)
{
  g_autoptr (Capture) a = capture_new ("multifile_a.pcap", CAPTURE_PCAP,
                                       LINKTYPE_ETHERNET);
  g_autoptr (Capture) b = capture_new ("multifile_b.pcap", CAPTURE_PCAP,
                                       LINKTYPE_ETHERNET);
  g_autoptr (TruthWriter) truth = truth_writer_new ();
  Capture *both[] = { a, b };
  Wire wire_a, wire_b;
  Call call, ping;

  wire_init (&wire_a, a, WIRE_ETHERNET);
  wire_init (&wire_b, b, WIRE_ETHERNET);

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *seed = g_strdup_printf ("multifile/ping/%u", i);
      Wire *wire = i % 2 ? &wire_b : &wire_a;
      call_init (&ping, wire, &monitor, &pbx, "sip:example.com", seed);
      call_request (&ping, T (5000 * i + 300), "OPTIONS");
      call_reply (&ping, T (5000 * i + 302), 200);
      call_clear (&ping);
    }

  call_init (&call, &wire_a, &caller, &carrier,
             "sip:+15550100@carrier.example.net", "multifile/call");
  CapturePacket *invite = call_request (&call, T (1000), "INVITE");
  CapturePacket *trying = call_reply (&call, T (1021), 100);
  call.wire = &wire_b;
  CapturePacket *timeout = call_reply (&call, T (46021), 408);
  call_ack (&call, T (46024));
  truth_stuck_invite (truth, call.call_id, invite, trying, "final", timeout,
                      408);
  call_clear (&call);

  return scenario_save (outdir, "multifile.truth.jsonl", truth, both, 2,
                        error);
}
