/* carriers.pcap: SIP on the carriers other than UDP and plain TCP.
 *   - SCTP (RFC 4168, RFC 9260): an association set up by INIT chunks; an
 *     INVITE too long for one DATA chunk goes in two fragments, gets 100
 *     Trying (bundled with a SACK) and then nothing until the capture
 *     ends; a 200 and a new OPTIONS bundled in one packet; HEARTBEATs.
 *   - WebSocket (RFC 7118, RFC 6455): an HTTP upgrade offering and
 *     accepting sip, a REGISTER challenged by a 401 and retried with
 *     credentials (that retry split over two frames and two TCP
 *     segments), a ping and pong, closing frames, FINs.
 *   - TLS on 5061: records sipscan counts and never reads. */
#include "scenario.h"

#include "bytes.h"
#include "token.h"

#include <string.h>

#define DOMAIN "example.com"
#define SCTP_MAX_DATA 512
#define WS_PORT 8080
#define TLS_PORT 5061

static const SipAgent sctp_proxy = {
  NULL, NULL, DOMAIN, "198.51.100.30", 5060, "OpenSIPS (3.4.3 (x86_64/linux))",
};
static const SipAgent sctp_gateway = {
  "5001", NULL, DOMAIN, "192.0.2.41", 5060, "Ribbon SBC 12.1",
};
static const SipAgent ws_proxy = {
  NULL, NULL, DOMAIN, "198.51.100.31", WS_PORT,
  "kamailio (5.7.2 (x86_64/linux))",
};
static const SipAgent ws_phone = {
  "webrtc7", NULL, DOMAIN, "192.0.2.42", 49731, "JsSIP 3.10.1",
};
static const guint8 ws_key[4] = { 0x5a, 0x1c, 0x93, 0xe7 };

typedef struct {
  const char *ip[2];          /* client, server */
  guint16 port[2];
  guint32 next[2];            /* TCP: next sequence number; SCTP: TSN */
  guint16 ssn[2];
  guint32 tag[2];             /* SCTP verification tags */
} Association;

typedef struct {
  Wire wire;                  /* first: the send_sip hooks get it */
  Association *current;
  GByteArray *bundle;         /* SCTP chunks for the next packet */
  guint bundled;              /* DATA chunks in it */
  gboolean hold;              /* SCTP: keep DATA for carriers_flush */
  gboolean split;             /* WebSocket: two frames, two segments */
} Carriers;

static int
association_side (const Association *a, const char *src_ip)
{
  return strcmp (src_ip, a->ip[0]) == 0 ? 0 : 1;
}

static CapturePacket *
carriers_ip (Carriers *c, gint64 time, int side, guint8 protocol,
             const GByteArray *payload, FrameKind kind)
{
  const Association *a = c->current;
  PktAddr src = pkt_addr (a->ip[side]), dst = pkt_addr (a->ip[!side]);
  g_autoptr (GByteArray) ip = wire_ip_packet (&c->wire, &src, &dst, protocol,
                                              payload->data, payload->len);
  g_autoptr (GByteArray) frame = wire_frame_ip (&c->wire, &src, &dst,
                                                ip->data, ip->len);
  return capture_add (c->wire.capture, time, frame->data, frame->len,
                      frame->len, kind);
}

/* ---- SCTP ------------------------------------------------------------- */

/* The chunks in c->bundle, as one packet from side. */
static CapturePacket *
sctp_send (Carriers *c, gint64 time, int side)
{
  const Association *a = c->current;
  g_autoptr (GByteArray) sctp = pkt_sctp (a->port[side], a->port[!side],
                                          a->tag[!side], c->bundle);
  CapturePacket *packet = carriers_ip (c, time, side, PKT_PROTO_SCTP, sctp,
                                       c->bundled ? FRAME_SIP : FRAME_SCTP);
  packet->sip_messages = c->bundled;
  g_byte_array_set_size (c->bundle, 0);
  c->bundled = 0;
  return packet;
}

static void
sctp_chunk (Carriers *c, guint8 type, gsize len)
{
  g_autofree char *value = token_hex (MIN (len, 64), "carriers/chunk/%u/%zu",
                                      type, len);
  pkt_sctp_chunk (c->bundle, type, 0, (const guint8 *) value, MIN (len, 64));
}

/* A SACK of everything the other side sent so far. */
static void
sctp_sack (Carriers *c, int side)
{
  guint8 value[12] = { 0 };
  guint32 cumulative = c->current->next[!side] - 1;
  for (guint i = 0; i < 4; i++)
    value[i] = (guint8) (cumulative >> (24 - 8 * i));
  value[6] = 0xff;   /* a_rwnd 65535 */
  value[7] = 0xff;
  pkt_sctp_chunk (c->bundle, PKT_SCTP_SACK, 0, value, sizeof value);
}

/* Each message is a user message on stream 0: one DATA chunk, or
 * SCTP_MAX_DATA-byte fragments in packets of their own. */
static CapturePacket *
carriers_send_sctp (Wire *wire, gint64 time, const char *src_ip,
                    guint16 sport, const char *dst_ip, guint16 dport,
                    const guint8 *message, gsize len)
{
  Carriers *c = (Carriers *) wire;
  Association *a = c->current;
  int side = association_side (a, src_ip);
  guint16 ssn = a->ssn[side]++;
  if (len <= SCTP_MAX_DATA)
    {
      pkt_sctp_data (c->bundle, PKT_SCTP_WHOLE, a->next[side]++, 0, ssn,
                     message, len);
      c->bundled++;
      return c->hold ? NULL : sctp_send (c, time, side);
    }
  for (gsize at = 0; at < len; at += SCTP_MAX_DATA)
    {
      gsize n = MIN (SCTP_MAX_DATA, len - at);
      guint8 flags = (at == 0 ? PKT_SCTP_BEGINNING : 0)
                     | (at + n == len ? PKT_SCTP_END : 0);
      pkt_sctp_data (c->bundle, flags, a->next[side]++, 0, ssn, message + at,
                     n);
      c->bundled = at + n == len;
      if (at + n < len)
        sctp_send (c, time, side);
      time += US (40);
    }
  return sctp_send (c, time - US (40), side);
}

static void
sctp_association (Carriers *c, TruthWriter *truth)
{
  Association a = {
    { sctp_gateway.ip, sctp_proxy.ip }, { 5060, 5060 },
    { 0x2f1c0001, 0x7a880001 }, { 0, 0 }, { 0x138d67a4, 0xf7ab41d3 },
  };
  c->current = &a;
  c->wire.send_sip = carriers_send_sctp;
  sctp_chunk (c, PKT_SCTP_INIT, 16);
  sctp_send (c, T (100), 0);
  sctp_chunk (c, PKT_SCTP_INIT_ACK, 40);
  sctp_send (c, T (101), 1);

  Call invite;
  call_init (&invite, &c->wire, &sctp_gateway, &sctp_proxy,
             "sip:+4930123456@" DOMAIN, "carriers/sctp/invite");
  CapturePacket *invite_packet = call_request (&invite, T (1000), "INVITE");
  sctp_sack (c, 1);
  c->hold = TRUE;
  call_reply (&invite, T (1012), 100);
  CapturePacket *trying = sctp_send (c, T (1012), 1);
  c->hold = FALSE;
  truth_stuck_invite (truth, invite.call_id, invite_packet, trying,
                      "capture_end", NULL, 0);

  Call ping, pong;
  call_init (&ping, &c->wire, &sctp_gateway, &sctp_proxy, "sip:" DOMAIN,
             "carriers/sctp/options-out");
  call_init (&pong, &c->wire, &sctp_proxy, &sctp_gateway, "sip:" DOMAIN,
             "carriers/sctp/options-in");
  call_request (&ping, T (8000), "OPTIONS");
  c->hold = TRUE;
  call_reply (&ping, T (8003), 200);
  call_request (&pong, T (8003), "OPTIONS");
  sctp_send (c, T (8003), 1);
  call_reply (&pong, T (8007), 200);
  sctp_sack (c, 0);
  sctp_send (c, T (8007), 0);
  c->hold = FALSE;

  for (gint64 t = 30000; t <= 60000; t += 30000)
    {
      sctp_chunk (c, PKT_SCTP_HEARTBEAT, 20);
      sctp_send (c, T (t), 0);
    }
  call_clear (&invite);
  call_clear (&ping);
  call_clear (&pong);
  c->wire.send_sip = NULL;
}

/* ---- TCP: WebSocket and TLS ------------------------------------------- */

static CapturePacket *
tcp_send (Carriers *c, gint64 time, int side, guint8 flags,
          const guint8 *data, gsize len, FrameKind kind)
{
  Association *a = c->current;
  PktAddr src = pkt_addr (a->ip[side]), dst = pkt_addr (a->ip[!side]);
  g_autoptr (GByteArray) tcp = pkt_tcp (
      &src, &dst, a->port[side], a->port[!side], a->next[side],
      (flags & PKT_TCP_ACK) ? a->next[!side] : 0, flags, data, len);
  a->next[side] += (guint32) len + ((flags & (PKT_TCP_SYN | PKT_TCP_FIN))
                                    ? 1 : 0);
  return carriers_ip (c, time, side, PKT_PROTO_TCP, tcp, kind);
}

static void
tcp_open (Carriers *c, gint64 time)
{
  tcp_send (c, time, 0, PKT_TCP_SYN, NULL, 0, FRAME_TCP);
  tcp_send (c, time + US (310), 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0,
            FRAME_TCP);
  tcp_send (c, time + US (650), 0, PKT_TCP_ACK, NULL, 0, FRAME_TCP);
}

static void
tcp_close (Carriers *c, gint64 time)
{
  tcp_send (c, time, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0, FRAME_TCP);
  tcp_send (c, time + US (280), 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0,
            FRAME_TCP);
  tcp_send (c, time + US (560), 0, PKT_TCP_ACK, NULL, 0, FRAME_TCP);
}

static void
tcp_say (Carriers *c, gint64 time, int side, const char *text)
{
  tcp_send (c, time, side, PKT_TCP_PSH | PKT_TCP_ACK, (const guint8 *) text,
            strlen (text), FRAME_TCP);
}

/* One text frame, masked from the client; or, split, two frames whose
 * bytes go in two segments cut inside the first frame. */
static CapturePacket *
carriers_send_ws (Wire *wire, gint64 time, const char *src_ip, guint16 sport,
                  const char *dst_ip, guint16 dport, const guint8 *message,
                  gsize len)
{
  Carriers *c = (Carriers *) wire;
  int side = association_side (c->current, src_ip);
  const guint8 *key = side == 0 ? ws_key : NULL;
  g_autoptr (GByteArray) frames = g_byte_array_new ();
  if (!c->split)
    {
      pkt_ws_frame (frames, TRUE, 0x1, key, message, len);
      return tcp_send (c, time, side, PKT_TCP_PSH | PKT_TCP_ACK, frames->data,
                       frames->len, FRAME_SIP);
    }
  gsize half = len / 2;
  pkt_ws_frame (frames, FALSE, 0x1, key, message, half);
  pkt_ws_frame (frames, TRUE, 0x0, key, message + half, len - half);
  gsize cut = half / 2;
  tcp_send (c, time, side, PKT_TCP_ACK, frames->data, cut, FRAME_TCP);
  return tcp_send (c, time + US (90), side, PKT_TCP_PSH | PKT_TCP_ACK,
                   frames->data + cut, frames->len - cut, FRAME_SIP);
}

static void
ws_control (Carriers *c, gint64 time, int side, guint8 opcode,
            const char *payload)
{
  g_autoptr (GByteArray) frame = g_byte_array_new ();
  pkt_ws_frame (frame, TRUE, opcode, side == 0 ? ws_key : NULL,
                (const guint8 *) payload, strlen (payload));
  tcp_send (c, time, side, PKT_TCP_PSH | PKT_TCP_ACK, frame->data,
            frame->len, FRAME_TCP);
}

static void
websocket_connection (Carriers *c, TruthWriter *truth)
{
  Association a = {
    .ip = { ws_phone.ip, ws_proxy.ip }, .port = { ws_phone.port, WS_PORT },
    .next = { 0x4b1d2201, 0x90e77f01 },
  };
  c->current = &a;
  tcp_open (c, T (2000));
  tcp_say (c, T (2002), 0,
           "GET /ws HTTP/1.1\r\n"
           "Host: sip-ws.example.com:8080\r\n"
           "Upgrade: websocket\r\n"
           "Connection: Upgrade\r\n"
           "Origin: https://phone.example.com\r\n"
           "Sec-WebSocket-Key: oHvGVyNCbqrwgh05RIQd3A==\r\n"
           "Sec-WebSocket-Protocol: sip\r\n"
           "Sec-WebSocket-Version: 13\r\n"
           "\r\n");
  tcp_say (c, T (2004), 1,
           "HTTP/1.1 101 Switching Protocols\r\n"
           "Upgrade: websocket\r\n"
           "Connection: upgrade\r\n"
           "Sec-WebSocket-Accept: 4Hq1pzcd9cMYnm1IQaVXbYxr2Q8=\r\n"
           "Sec-WebSocket-Protocol: sip\r\n"
           "\r\n");
  c->wire.send_sip = carriers_send_ws;

  Call reg;
  DigestChallenge challenge = {
    .realm = DOMAIN, .nonce = "a8f3c2e19b7d4e6f0c5a2b8d1e9f7c3a",
    .opaque = "5ccc069c403ebaf9f0171e9517f40e41", .algorithm = "MD5",
  };
  call_init_register (&reg, &c->wire, &ws_phone, &ws_proxy,
                      "carriers/ws/register");
  call_request (&reg, T (2100), "REGISTER");
  CapturePacket *unauthorized = scenario_send_challenge (&reg, T (2104), 401,
                                                         &challenge, NULL);
  c->split = TRUE;
  CapturePacket *retry = scenario_send_with_credentials (
      &reg, T (2150), "REGISTER", 401, &challenge, "webrtc7-pw", 1);
  c->split = FALSE;
  CapturePacket *ok = call_reply (&reg, T (2155), 200);
  TruthAuthAttempt attempt = {
    .call_id = reg.call_id, .method = "REGISTER", .username = ws_phone.user,
    .realm = DOMAIN, .challenge = unauthorized, .challenge_status = 401,
    .retry = retry, .result = ok, .result_status = 200,
    .outcome = "accepted",
  };
  truth_auth_attempt (truth, &attempt);
  truth_auth_source (truth, ws_phone.ip, FALSE);
  call_clear (&reg);
  c->wire.send_sip = NULL;

  ws_control (c, T (4000), 0, 0x9, "keepalive");
  ws_control (c, T (4001), 1, 0xa, "keepalive");
  ws_control (c, T (5000), 0, 0x8, "\x03\xe8");
  ws_control (c, T (5001), 1, 0x8, "\x03\xe8");
  tcp_close (c, T (5002));
}

/* A TLS 1.2 handshake's first records and application data: bytes that
 * look random, for no one to read. */
static void
tls_connection (Carriers *c)
{
  static const guint8 record_headers[][3] = {
    { 0x16, 0x03, 0x01 }, { 0x16, 0x03, 0x03 }, { 0x17, 0x03, 0x03 },
    { 0x17, 0x03, 0x03 },
  };
  Association a = {
    .ip = { sctp_gateway.ip, sctp_proxy.ip }, .port = { 38112, TLS_PORT },
    .next = { 0x61c20001, 0x1b3f0001 },
  };
  c->current = &a;
  tcp_open (c, T (6000));
  for (guint i = 0; i < G_N_ELEMENTS (record_headers); i++)
    {
      g_autoptr (GByteArray) record = g_byte_array_new ();
      g_autofree char *body = token_hex (64, "carriers/tls/%u", i);
      g_byte_array_append (record, record_headers[i], 3);
      put_be16 (record, 64);
      g_byte_array_append (record, (const guint8 *) body, 64);
      tcp_send (c, T (6002) + MS (2 * i), i % 2, PKT_TCP_PSH | PKT_TCP_ACK,
                record->data, record->len, FRAME_TCP);
    }
  tcp_close (c, T (6100));
}

gboolean
scenario_carriers (const char *outdir, GError **error)
{
  g_autoptr (Capture) capture = capture_new ("carriers.pcap", CAPTURE_PCAP,
                                             LINKTYPE_ETHERNET);
  g_autoptr (TruthWriter) truth = truth_writer_new ();
  Carriers c = { 0 };

  wire_init (&c.wire, capture, WIRE_ETHERNET);
  c.bundle = g_byte_array_new ();
  sctp_association (&c, truth);
  websocket_connection (&c, truth);
  tls_connection (&c);
  g_byte_array_unref (c.bundle);
  return scenario_save (outdir, "carriers.truth.jsonl", truth, &capture, 1,
                        error);
}
