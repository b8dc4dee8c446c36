#include "call.h"

#include <string.h>

#include "token.h"

static gboolean
is_ipv6 (const char *ip)
{
  return strchr (ip, ':') != NULL;
}

char *
sip_agent_host_port (const SipAgent *agent)
{
  if (is_ipv6 (agent->ip))
    return g_strdup_printf ("[%s]:%u", agent->ip, agent->port);
  return g_strdup_printf ("%s:%u", agent->ip, agent->port);
}

char *
sip_agent_aor (const SipAgent *agent)
{
  if (agent->user)
    return g_strdup_printf ("sip:%s@%s", agent->user, agent->domain);
  return g_strdup_printf ("sip:%s", agent->domain);
}

char *
sip_agent_contact_uri (const SipAgent *agent)
{
  g_autofree char *host_port = sip_agent_host_port (agent);
  if (agent->user)
    return g_strdup_printf ("sip:%s@%s", agent->user, host_port);
  return g_strdup_printf ("sip:%s", host_port);
}

CapturePacket *
sip_agent_send (Wire *wire, gint64 time, const SipAgent *from,
                const SipAgent *to, const SipMsg *msg)
{
  g_autoptr (GBytes) bytes = sip_msg_render (msg);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  if (wire->send_sip)
    return wire->send_sip (wire, time, from->ip, from->port, to->ip,
                           to->port, data, len);
  return wire_send_udp (wire, time, from->ip, from->port, to->ip, to->port,
                        data, len, FRAME_SIP);
}

const char *
sip_reason_phrase (guint status)
{
  switch (status)
    {
    case 100: return "Trying";
    case 180: return "Ringing";
    case 183: return "Session Progress";
    case 200: return "OK";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 480: return "Temporarily Unavailable";
    case 487: return "Request Terminated";
    }
  g_error ("no reason phrase for %u", status);
}

static char *
name_addr (const SipAgent *agent)
{
  g_autofree char *aor = sip_agent_aor (agent);
  if (agent->display)
    return g_strdup_printf ("\"%s\" <%s>", agent->display, aor);
  return g_strdup_printf ("<%s>", aor);
}

static guint
seed_number (const char *seed, const char *what, guint modulo)
{
  g_autofree char *hex = token_hex (8, "%s/%s", seed, what);
  return (guint) (g_ascii_strtoull (hex, NULL, 16) % modulo);
}

/* An SDP offer or answer (RFC 4566, RFC 3264) for an audio stream. */
static char *
sdp_body (const SipAgent *agent, const char *seed)
{
  const char *family = is_ipv6 (agent->ip) ? "IP6" : "IP4";
  guint session = 1000000 + seed_number (seed, agent->ip, 900000000);
  guint port = 10000 + 2 * seed_number (seed, "rtp", 5000);

  return g_strdup_printf ("v=0\r\n"
                          "o=%s %u %u IN %s %s\r\n"
                          "s=-\r\n"
                          "c=IN %s %s\r\n"
                          "t=0 0\r\n"
                          "m=audio %u RTP/AVP 0 8 101\r\n"
                          "a=rtpmap:0 PCMU/8000\r\n"
                          "a=rtpmap:8 PCMA/8000\r\n"
                          "a=rtpmap:101 telephone-event/8000\r\n"
                          "a=fmtp:101 0-16\r\n"
                          "a=sendrecv\r\n",
                          agent->user ? agent->user : "-", session, session,
                          family, agent->ip, family, agent->ip, port);
}

static void
call_set_ids (Call *call, const char *seed)
{
  g_free (call->seed);
  g_free (call->call_id);
  g_free (call->from_tag);
  call->seed = g_strdup (seed);
  g_autofree char *id = token_hex (24, "%s/call-id", seed);
  call->call_id = g_strdup_printf ("%s@%s", id, call->ua->ip);
  call->from_tag = token_hex (10, "%s/from-tag", seed);
  call->cseq = 1 + seed_number (seed, "cseq", 9000);
}

void
call_init (Call *call, Wire *wire, const SipAgent *ua, const SipAgent *peer,
           const char *to_uri, const char *seed)
{
  memset (call, 0, sizeof *call);
  call->wire = wire;
  call->ua = ua;
  call->peer = peer;
  call->to_uri = g_strdup (to_uri);
  call->request_uri = g_strdup (to_uri);
  call_set_ids (call, seed);
}

void
call_init_register (Call *call, Wire *wire, const SipAgent *ua,
                    const SipAgent *registrar, const char *seed)
{
  g_autofree char *aor = sip_agent_aor (ua);
  call_init (call, wire, ua, registrar, aor, seed);
  g_free (call->request_uri);
  call->request_uri = g_strdup_printf ("sip:%s", ua->domain);
}

void
call_clear (Call *call)
{
  g_free (call->seed);
  g_free (call->call_id);
  g_free (call->from_tag);
  g_free (call->to_uri);
  g_free (call->request_uri);
  g_free (call->to_tag);
  g_free (call->remote_target);
  sip_msg_free (call->invite);
  sip_msg_free (call->request);
  memset (call, 0, sizeof *call);
}

void
call_renew_id (Call *call, const char *seed)
{
  call_set_ids (call, seed);
}

char *
call_new_branch (Call *call)
{
  g_autofree char *token = token_hex (16, "%s/branch/%u", call->seed,
                                      call->n_branches++);
  return g_strdup_printf ("z9hG4bK%s", token);
}

static gboolean
in_dialog (const Call *call, const char *method)
{
  return call->to_tag && (strcmp (method, "ACK") == 0
                          || strcmp (method, "BYE") == 0);
}

SipMsg *
call_new_request (Call *call, const char *method)
{
  gboolean dialog = in_dialog (call, method);
  const char *uri = dialog && call->remote_target ? call->remote_target
                                                  : call->request_uri;
  SipMsg *msg = sip_msg_new_request (method, uri);
  g_autofree char *host_port = sip_agent_host_port (call->ua);
  g_autofree char *branch = call_new_branch (call);
  g_autofree char *from = name_addr (call->ua);
  g_autofree char *contact = sip_agent_contact_uri (call->ua);
  guint32 cseq;

  if (strcmp (method, "ACK") == 0)
    cseq = call->cseq;
  else
    cseq = ++call->cseq;
  sip_msg_set_compact (msg, call->compact);
  sip_msg_addf (msg, "Via", "SIP/2.0/UDP %s;rport;branch=%s", host_port,
                branch);
  sip_msg_add (msg, "Max-Forwards", "70");
  sip_msg_addf (msg, "From", "%s;tag=%s", from, call->from_tag);
  if (dialog)
    sip_msg_addf (msg, "To", "<%s>;tag=%s", call->to_uri, call->to_tag);
  else
    sip_msg_addf (msg, "To", "<%s>", call->to_uri);
  sip_msg_add (msg, "Call-ID", call->call_id);
  sip_msg_addf (msg, "CSeq", "%u %s", cseq, method);
  if (strcmp (method, "INVITE") == 0 || strcmp (method, "REGISTER") == 0)
    sip_msg_addf (msg, "Contact", "<%s>", contact);
  if (call->ua->user_agent)
    sip_msg_add (msg, "User-Agent", call->ua->user_agent);
  if (strcmp (method, "INVITE") == 0)
    {
      g_autofree char *sdp = sdp_body (call->ua, call->seed);
      sip_msg_add (msg, "Allow",
                   "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, NOTIFY");
      sip_msg_add (msg, "Supported", "replaces, timer");
      sip_msg_set_body (msg, "application/sdp", sdp);
    }
  if (strcmp (method, "REGISTER") == 0)
    sip_msg_add (msg, "Expires", "3600");
  return msg;
}

CapturePacket *
call_send (Call *call, gint64 time, SipMsg *request)
{
  CapturePacket *packet = sip_agent_send (call->wire, time, call->ua,
                                          call->peer, request);
  if (strcmp (sip_msg_peek_method (request), "INVITE") == 0)
    {
      sip_msg_free (call->invite);
      call->invite = sip_msg_copy (request);
      call->invite_final = 0;
    }
  sip_msg_free (call->request);
  call->request = request;
  return packet;
}

CapturePacket *
call_resend (Call *call, gint64 time)
{
  return sip_agent_send (call->wire, time, call->ua, call->peer,
                         call->request);
}

static const char *
cseq_method (const SipMsg *msg)
{
  const char *cseq = sip_msg_get (msg, "CSeq", 0);
  const char *space = strchr (cseq, ' ');
  return space + 1;
}

SipMsg *
call_new_response (Call *call, const SipMsg *request, guint status)
{
  SipMsg *msg = sip_msg_new_response (status, sip_reason_phrase (status));
  const char *method = sip_msg_peek_method (request);
  gboolean invite = strcmp (method, "INVITE") == 0;
  const char *to = sip_msg_get (request, "To", 0);
  g_autofree char *request_tag = sip_header_tag (to);
  const char *via;

  sip_msg_set_compact (msg, call->compact);
  for (guint i = 0; (via = sip_msg_get (request, "Via", i)); i++)
    sip_msg_add (msg, "Via", via);
  sip_msg_add (msg, "From", sip_msg_get (request, "From", 0));
  if (status == 100 || request_tag)
    sip_msg_add (msg, "To", to);
  else
    {
      g_autofree char *tag = token_hex (10, "%s/to-tag/%s", call->seed,
                                        sip_msg_get (request, "CSeq", 0));
      sip_msg_addf (msg, "To", "%s;tag=%s", to, tag);
    }
  sip_msg_add (msg, "Call-ID", sip_msg_get (request, "Call-ID", 0));
  sip_msg_add (msg, "CSeq", sip_msg_get (request, "CSeq", 0));
  if (invite && status > 100 && status < 300)
    {
      g_autofree char *contact = sip_agent_contact_uri (call->peer);
      sip_msg_addf (msg, "Contact", "<%s>", contact);
    }
  if (strcmp (method, "REGISTER") == 0 && status >= 200 && status < 300)
    sip_msg_addf (msg, "Contact", "%s;expires=3600",
                  sip_msg_get (request, "Contact", 0));
  if (call->peer->user_agent)
    sip_msg_add (msg, "Server", call->peer->user_agent);
  if (invite && (status == 183 || (status >= 200 && status < 300)))
    {
      g_autofree char *sdp = sdp_body (call->peer, call->seed);
      sip_msg_set_body (msg, "application/sdp", sdp);
    }
  return msg;
}

CapturePacket *
call_send_response (Call *call, gint64 time, SipMsg *response)
{
  g_autoptr (SipMsg) owned G_GNUC_UNUSED = response;
  guint status = sip_msg_get_status (response);

  if (strcmp (cseq_method (response), "INVITE") == 0 && status > 100)
    {
      g_autofree char *tag = sip_header_tag (sip_msg_get (response, "To", 0));
      if (tag)
        {
          g_free (call->to_tag);
          call->to_tag = g_steal_pointer (&tag);
        }
      if (status >= 200)
        call->invite_final = status;
      if (status >= 200 && status < 300)
        {
          g_free (call->remote_target);
          call->remote_target = sip_header_uri (sip_msg_get (response,
                                                             "Contact", 0));
        }
    }
  return sip_agent_send (call->wire, time, call->peer, call->ua, response);
}

CapturePacket *
call_request (Call *call, gint64 time, const char *method)
{
  return call_send (call, time, call_new_request (call, method));
}

CapturePacket *
call_reply (Call *call, gint64 time, guint status)
{
  return call_send_response (call, time,
                             call_new_response (call, call->request, status));
}

CapturePacket *
call_reply_invite (Call *call, gint64 time, guint status)
{
  return call_send_response (call, time,
                             call_new_response (call, call->invite, status));
}

CapturePacket *
call_ack (Call *call, gint64 time)
{
  SipMsg *ack;

  g_assert (call->invite && call->invite_final >= 200);
  if (call->invite_final < 300)
    return call_send (call, time, call_new_request (call, "ACK"));

  const SipMsg *invite = call->invite;
  g_autofree char *to_uri = sip_header_uri (sip_msg_get (invite, "To", 0));
  g_autofree char *cseq = g_strdup (sip_msg_get (invite, "CSeq", 0));
  *strchr (cseq, ' ') = '\0';
  ack = sip_msg_new_request ("ACK", sip_msg_peek_request_uri (invite));
  sip_msg_set_compact (ack, call->compact);
  sip_msg_add (ack, "Via", sip_msg_get (invite, "Via", 0));
  sip_msg_add (ack, "Max-Forwards", "70");
  sip_msg_add (ack, "From", sip_msg_get (invite, "From", 0));
  sip_msg_addf (ack, "To", "<%s>;tag=%s", to_uri, call->to_tag);
  sip_msg_add (ack, "Call-ID", sip_msg_get (invite, "Call-ID", 0));
  sip_msg_addf (ack, "CSeq", "%s ACK", cseq);
  if (call->ua->user_agent)
    sip_msg_add (ack, "User-Agent", call->ua->user_agent);
  return call_send (call, time, ack);
}

CapturePacket *
call_cancel (Call *call, gint64 time)
{
  const SipMsg *invite = call->invite;
  g_autofree char *cseq = g_strdup (sip_msg_get (invite, "CSeq", 0));
  SipMsg *cancel = sip_msg_new_request ("CANCEL",
                                        sip_msg_peek_request_uri (invite));

  *strchr (cseq, ' ') = '\0';
  sip_msg_set_compact (cancel, call->compact);
  sip_msg_add (cancel, "Via", sip_msg_get (invite, "Via", 0));
  sip_msg_add (cancel, "Max-Forwards", "70");
  sip_msg_add (cancel, "From", sip_msg_get (invite, "From", 0));
  sip_msg_add (cancel, "To", sip_msg_get (invite, "To", 0));
  sip_msg_add (cancel, "Call-ID", sip_msg_get (invite, "Call-ID", 0));
  sip_msg_addf (cancel, "CSeq", "%s CANCEL", cseq);
  if (call->ua->user_agent)
    sip_msg_add (cancel, "User-Agent", call->ua->user_agent);
  return call_send (call, time, cancel);
}

void
call_add_challenge (SipMsg *response, const char *header,
                    const DigestChallenge *challenge)
{
  g_autofree char *value = digest_challenge (challenge);
  sip_msg_add (response, header, value);
}

void
call_add_credentials (Call *call, SipMsg *request, const char *header,
                      const DigestChallenge *challenge, const char *password,
                      guint nc)
{
  g_autofree char *cnonce = token_hex (16, "%s/cnonce/%u", call->seed,
                                       call->n_cnonces++);
  DigestCredentials credentials = {
    .username = call->ua->user,
    .password = password,
    .realm = challenge->realm,
    .nonce = challenge->nonce,
    .opaque = challenge->opaque,
    .algorithm = challenge->algorithm,
    .method = sip_msg_peek_method (request),
    .uri = sip_msg_peek_request_uri (request),
    .cnonce = cnonce,
    .nc = nc,
  };
  g_autofree char *value = digest_credentials (&credentials);

  sip_msg_add (request, header, value);
}
