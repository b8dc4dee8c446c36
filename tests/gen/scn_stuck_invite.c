/* stuck_invite.pcap: calls through a gateway, each with its own Call-ID,
 * interleaved in time; some stall after 100 Trying, each ending in a
 * different way, one is never answered, one crosses a proxy. */
#include "scenario.h"

#define DOMAIN "example.com"

static const SipAgent gateway = {
  NULL, NULL, DOMAIN, "198.51.100.20", 5060, "Asterisk PBX 20.5.0",
};
static const SipAgent proxy = {
  NULL, NULL, DOMAIN, "203.0.113.5", 5060, "kamailio (5.7.2 (x86_64/linux))",
};
static const SipAgent callee_h = {
  "3001", NULL, DOMAIN, "198.51.100.21", 5060, "FreeSWITCH-mod_sofia/1.10.11",
};

#define PHONE(user, name, ip) \
  { user, name, DOMAIN, ip, 5060, "Yealink SIP-T46S 66.86.0.15" }

static const SipAgent phone_a = PHONE ("1001", "Alice Arnold", "192.0.2.11");
static const SipAgent phone_b = PHONE ("1002", "Bob Baker", "192.0.2.12");
static const SipAgent phone_c = PHONE ("1003", "Carol Clark", "192.0.2.13");
static const SipAgent phone_d = PHONE ("1004", "Dave Dixon", "192.0.2.14");
static const SipAgent phone_e = PHONE ("1005", "Erin Evans", "192.0.2.15");
static const SipAgent phone_f = PHONE ("1006", "Frank Fox", "192.0.2.16");
static const SipAgent phone_g = PHONE ("1007", "Grace Green", "192.0.2.17");
static const SipAgent phone_h = PHONE ("1008", "Heidi Hill", "192.0.2.18");

/* a: rings after 1 s, answered 3 s later, hung up: no finding. */
static void
call_normal (Wire *wire, TruthWriter *truth)
{
  Call c;
  call_init (&c, wire, &phone_a, &gateway, "sip:2001@" DOMAIN, "stuck/a");
  call_request (&c, T (100), "INVITE");
  call_reply (&c, T (117), 100);
  call_reply (&c, T (1117), 180);
  call_reply (&c, T (4117), 200);
  call_ack (&c, T (4121));
  call_request (&c, T (20100), "BYE");
  call_reply (&c, T (20106), 200);
  call_clear (&c);
}

/* b: 408 40 s after the 100. */
static void
call_timeout (Wire *wire, TruthWriter *truth)
{
  Call c;
  call_init (&c, wire, &phone_b, &gateway, "sip:2002@" DOMAIN, "stuck/b");
  CapturePacket *invite = call_request (&c, T (2000), "INVITE");
  CapturePacket *trying = call_reply (&c, T (2021), 100);
  CapturePacket *final = call_reply (&c, T (42021), 408);
  call_ack (&c, T (42023));
  truth_stuck_invite (truth, c.call_id, invite, trying, "final", final, 408);
  call_clear (&c);
}

/* c: rings 35 s after the 100, then answered. */
static void
call_late_ringing (Wire *wire, TruthWriter *truth)
{
  Call c;
  call_init (&c, wire, &phone_c, &gateway, "sip:2003@" DOMAIN, "stuck/c");
  CapturePacket *invite = call_request (&c, T (4000), "INVITE");
  CapturePacket *trying = call_reply (&c, T (4019), 100);
  CapturePacket *ringing = call_reply (&c, T (39019), 180);
  call_reply (&c, T (41519), 200);
  call_ack (&c, T (41523));
  truth_stuck_invite (truth, c.call_id, invite, trying, "provisional",
                      ringing, 180);
  call_clear (&c);
}

/* d: the caller gives up 45 s after the 100. */
static void
call_cancelled (Wire *wire, TruthWriter *truth)
{
  Call c;
  call_init (&c, wire, &phone_d, &gateway, "sip:2004@" DOMAIN, "stuck/d");
  CapturePacket *invite = call_request (&c, T (6000), "INVITE");
  CapturePacket *trying = call_reply (&c, T (6023), 100);
  CapturePacket *cancel = call_cancel (&c, T (51023));
  call_reply (&c, T (51041), 200);
  call_reply_invite (&c, T (51044), 487);
  call_ack (&c, T (51047));
  truth_stuck_invite (truth, c.call_id, invite, trying, "cancel", cancel, 0);
  call_clear (&c);
}

/* e: early media 10 s after the 100, below the 32 s threshold. */
static void
call_early_media (Wire *wire, TruthWriter *truth)
{
  Call c;
  call_init (&c, wire, &phone_e, &gateway, "sip:2005@" DOMAIN, "stuck/e");
  call_request (&c, T (8000), "INVITE");
  call_reply (&c, T (8017), 100);
  call_reply (&c, T (18017), 183);
  call_reply (&c, T (20017), 200);
  call_ack (&c, T (20021));
  call_clear (&c);
}

/* f: retransmitted by Timer A (0.5, 1, 2 s), never answered. */
static void
call_unanswered (Wire *wire, TruthWriter *truth)
{
  Call c;
  call_init (&c, wire, &phone_f, &gateway, "sip:2006@" DOMAIN, "stuck/f");
  CapturePacket *invite = call_request (&c, T (50000), "INVITE");
  call_resend (&c, T (50500));
  call_resend (&c, T (51500));
  call_resend (&c, T (53500));
  truth_unanswered_invite (truth, c.call_id, invite, "capture_end", NULL);
  call_clear (&c);
}

/* g: 100 and then nothing until the capture ends, 62 s later. */
static void
call_silent (Wire *wire, TruthWriter *truth)
{
  Call c;
  call_init (&c, wire, &phone_g, &gateway, "sip:2007@" DOMAIN, "stuck/g");
  CapturePacket *invite = call_request (&c, T (10000), "INVITE");
  CapturePacket *trying = call_reply (&c, T (10024), 100);
  truth_stuck_invite (truth, c.call_id, invite, trying, "capture_end", NULL,
                      0);
  call_clear (&c);
}

/* h: UAC -> proxy -> UAS, both hops captured; the UAS answers 480 after
 * 60 s. One stuck INVITE per hop (same Call-ID and CSeq, two branches). */
static void
call_through_proxy (Wire *wire, TruthWriter *truth)
{
  Call uac, hop;
  call_init (&uac, wire, &phone_h, &proxy, "sip:3001@" DOMAIN, "stuck/h");
  call_init (&hop, wire, &proxy, &callee_h, "sip:3001@" DOMAIN,
             "stuck/h/hop");

  CapturePacket *invite1 = call_request (&uac, T (12000), "INVITE");
  CapturePacket *trying1 = call_reply (&uac, T (12004), 100);

  SipMsg *forwarded = sip_msg_copy (uac.invite);
  g_autofree char *branch = call_new_branch (&hop);
  g_autofree char *via = g_strdup_printf ("SIP/2.0/UDP %s:%u;branch=%s",
                                          proxy.ip, proxy.port, branch);
  sip_msg_prepend (forwarded, "Via", via);
  sip_msg_set (forwarded, "Max-Forwards", "69");
  sip_msg_add (forwarded, "Record-Route", "<sip:203.0.113.5;lr>");
  CapturePacket *invite2 = call_send (&hop, T (12009), forwarded);
  CapturePacket *trying2 = call_reply_invite (&hop, T (12027), 100);

  SipMsg *unavailable = call_new_response (&hop, hop.invite, 480);
  g_autoptr (SipMsg) upstream = sip_msg_copy (unavailable);
  CapturePacket *final2 = call_send_response (&hop, T (72027), unavailable);
  call_ack (&hop, T (72029));
  sip_msg_remove_first (upstream, "Via");
  CapturePacket *final1 = call_send_response (&uac, T (72031),
                                              g_steal_pointer (&upstream));
  call_ack (&uac, T (72035));

  truth_stuck_invite (truth, uac.call_id, invite1, trying1, "final", final1,
                      480);
  truth_stuck_invite (truth, uac.call_id, invite2, trying2, "final", final2,
                      480);
  call_clear (&uac);
  call_clear (&hop);
}

gboolean
scenario_stuck_invite (const char *outdir, GError **error)
{
  g_autoptr (Capture) capture = capture_new ("stuck_invite.pcap",
                                             CAPTURE_PCAP, LINKTYPE_ETHERNET);
  g_autoptr (TruthWriter) truth = truth_writer_new ();
  Wire wire;

  wire_init (&wire, capture, WIRE_ETHERNET);
  call_normal (&wire, truth);
  call_timeout (&wire, truth);
  call_late_ringing (&wire, truth);
  call_cancelled (&wire, truth);
  call_early_media (&wire, truth);
  call_unanswered (&wire, truth);
  call_silent (&wire, truth);
  call_through_proxy (&wire, truth);
  return scenario_save (outdir, "stuck_invite.truth.jsonl", truth, &capture, 1,
                        error);
}
