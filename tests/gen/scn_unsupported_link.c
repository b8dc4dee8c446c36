/* unsupported_link.pcap: LINKTYPE_USER0, whose framing only its owner
 * knows; the frames happen to hold Ethernet frames with SIP, which a
 * decoder must not guess at. */
#include "scenario.h"

gboolean
scenario_unsupported_link (const char *outdir, GError **error)
{
  static const SipAgent phone = {
    "1040", NULL, "example.com", "192.0.2.44", 5060, "Linphone/5.2.0",
  };
  static const SipAgent server = {
    NULL, NULL, "example.com", "192.0.2.1", 5060, "kamailio",
  };
  g_autoptr (Capture) capture = capture_new ("unsupported_link.pcap",
                                             CAPTURE_PCAP, LINKTYPE_USER0);
  g_autoptr (Capture) scratch = capture_new ("scratch", CAPTURE_PCAP,
                                             LINKTYPE_ETHERNET);
  g_autoptr (TruthWriter) truth = truth_writer_new ();
  Wire wire;
  Call c;

  wire_init (&wire, scratch, WIRE_ETHERNET);
  call_init (&c, &wire, &phone, &server, "sip:example.com", "user0");
  call_request (&c, T (100), "OPTIONS");
  call_reply (&c, T (103), 200);
  call_request (&c, T (5100), "OPTIONS");
  call_clear (&c);

  GPtrArray *frames = capture_peek_packets (scratch);
  for (guint i = 0; i < frames->len; i++)
    {
      const CapturePacket *frame = frames->pdata[i];
      gsize len;
      const guint8 *data = g_bytes_get_data (frame->data, &len);
      capture_add (capture, frame->time, data, len, frame->wirelen,
                   FRAME_UNSUPPORTED);
    }
  return scenario_save (outdir, "unsupported_link.truth.jsonl", truth,
                        &capture, 1, error);
}
